//! `ports_kb._native`: the ports_kb crate for Python, through its public API only. The
//! Python package (`ports_kb/__init__.py`) wraps these functions with enums, ranges and
//! docstrings; `Service` is defined here, immutable, and its enum attributes are members
//! of the enums in `ports_kb/_enums.py`.

use ports_kb::{NotFree, Os, Protocol};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyTuple, PyType};
use std::hash::{Hash, Hasher};

/// A service on a port, or a range of ports, on one protocol. Immutable; equal services
/// are the same record.
#[pyclass(frozen, module = "ports_kb", name = "Service")]
pub struct Service {
    inner: &'static ports_kb::Service,
}

static PROTOCOL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static CATEGORY: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static PREVALENCE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SOURCE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The member of an enum of `ports_kb._enums` whose value is `value`.
fn member<'py>(
    py: Python<'py>,
    class: &PyOnceLock<Py<PyType>>,
    name: &str,
    value: &str,
) -> PyResult<Bound<'py, PyAny>> {
    class.import(py, "ports_kb._enums", name)?.call1((value,))
}

#[pymethods]
impl Service {
    /// The service name: IANA's, netbase's, or the common-use record's.
    #[getter]
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    /// The first port.
    #[getter]
    fn port(&self) -> u16 {
        *self.inner.ports().start()
    }

    /// The last port: the same as `port` unless the service holds a range.
    #[getter]
    fn last_port(&self) -> u16 {
        *self.inner.ports().end()
    }

    /// Every port the service holds, as a `range`.
    #[getter]
    fn ports<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (first, last) = (self.port(), u32::from(self.last_port()) + 1);
        py.import("builtins")?
            .getattr("range")?
            .call1((first, last))
    }

    /// The transport protocol, a `Protocol`.
    #[getter]
    fn protocol<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        member(py, &PROTOCOL, "Protocol", self.inner.protocol().as_str())
    }

    /// What the service is, in IANA's words or the project's.
    #[getter]
    fn description(&self) -> &'static str {
        self.inner.description()
    }

    /// What kind of service it is, a `Category`, or `None` where nobody has published
    /// its purpose.
    #[getter]
    fn category<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let category = self.inner.category();
        category
            .map(|c| member(py, &CATEGORY, "Category", c.as_str()))
            .transpose()
    }

    /// How commonly it is met on its protocol, a `Prevalence`.
    #[getter]
    fn prevalence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = self.inner.prevalence().as_str();
        member(py, &PREVALENCE, "Prevalence", value)
    }

    /// A short display label ("SMB" for microsoft-ds), or `None`.
    #[getter]
    fn label(&self) -> Option<&'static str> {
        self.inner.label()
    }

    /// The long form of the name ("Secure Shell"), or `None`.
    #[getter]
    fn title(&self) -> Option<&'static str> {
        self.inner.title()
    }

    /// The spoken names that `by_name` also finds it by, a tuple of str.
    #[getter]
    fn aliases<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.aliases())
    }

    /// Where the record comes from, a `Source`: IANA, Debian's netbase, common use, or
    /// a local file compiled in.
    #[getter]
    fn source<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        member(py, &SOURCE, "Source", self.inner.source().as_str())
    }

    /// The plain service's implicit-TLS twin, or the TLS service's plain one, on the
    /// same protocol; `None` if it has none.
    #[getter]
    fn twin(&self) -> Option<Service> {
        self.inner.twin().map(wrap)
    }

    /// True when the service speaks TLS from the first byte (https, imaps).
    #[getter]
    fn implicit_tls(&self) -> bool {
        self.inner.implicit_tls()
    }

    /// True for a wide range that software allocates ports from (Kubernetes' NodePorts).
    #[getter]
    fn is_wide(&self) -> bool {
        self.inner.is_wide()
    }

    fn __repr__(&self) -> String {
        let (first, last) = (self.port(), self.last_port());
        let ports = if first == last {
            first.to_string()
        } else {
            format!("{first}-{last}")
        };
        let protocol = self.inner.protocol();
        format!("<Service {} {ports}/{protocol}>", self.inner.name())
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Service>()
            .is_ok_and(|o| std::ptr::eq(o.get().inner, self.inner))
    }

    fn __hash__(&self) -> u64 {
        let s = self.inner;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (s.name(), *s.ports().start(), s.protocol().as_str()).hash(&mut hasher);
        hasher.finish()
    }
}

fn wrap(inner: &'static ports_kb::Service) -> Service {
    Service { inner }
}

fn wrap_all(found: impl Iterator<Item = &'static ports_kb::Service>) -> Vec<Service> {
    found.map(wrap).collect()
}

/// A port from Python: 0-65535, or a ValueError that says so.
fn port(value: i64) -> PyResult<u16> {
    u16::try_from(value)
        .map_err(|_| PyValueError::new_err(format!("port {value} is outside 0-65535")))
}

/// A protocol from its name, any case, or a ValueError with the crate's message.
fn protocol(name: &str) -> PyResult<Protocol> {
    name.parse()
        .map_err(|e| PyValueError::new_err(format!("{name:?}: {e}")))
}

fn os(name: &str) -> PyResult<Os> {
    name.parse()
        .map_err(|e| PyValueError::new_err(format!("{name:?}: {e}")))
}

#[pyfunction]
fn lookup(port_number: i64) -> PyResult<Vec<Service>> {
    Ok(wrap_all(ports_kb::lookup(port(port_number)?)))
}

#[pyfunction]
fn lookup_protocol(port_number: i64, protocol_name: &str) -> PyResult<Vec<Service>> {
    let protocol = protocol(protocol_name)?;
    Ok(wrap_all(protocol.lookup(port(port_number)?)))
}

#[pyfunction]
fn by_name(name: &str) -> Vec<Service> {
    wrap_all(ports_kb::by_name(name))
}

#[pyfunction]
#[pyo3(signature = (query, limit=None))]
fn search(query: &str, limit: Option<usize>) -> Vec<Service> {
    wrap_all(ports_kb::search(query).take(limit.unwrap_or(usize::MAX)))
}

#[pyfunction]
fn services() -> Vec<Service> {
    wrap_all(ports_kb::services())
}

#[pyfunction]
fn classify(port_number: i64) -> PyResult<&'static str> {
    Ok(match ports_kb::classify(port(port_number)?) {
        ports_kb::PortClass::System => "system",
        ports_kb::PortClass::User => "user",
        _ => "dynamic",
    })
}

#[pyfunction]
fn status(port_number: i64, protocol_name: &str) -> PyResult<&'static str> {
    let status = ports_kb::status(port(port_number)?, protocol(protocol_name)?);
    Ok(status_name(status))
}

fn status_name(status: ports_kb::PortStatus) -> &'static str {
    match status {
        ports_kb::PortStatus::Assigned => "assigned",
        ports_kb::PortStatus::Reserved => "reserved",
        ports_kb::PortStatus::Unassigned => "unassigned",
        _ => "dynamic",
    }
}

#[pyfunction]
#[pyo3(signature = (local, remote, protocol_name, os_name=None))]
fn guess(
    local: i64,
    remote: i64,
    protocol_name: &str,
    os_name: Option<&str>,
) -> PyResult<Option<Service>> {
    let (local, remote, protocol) = (port(local)?, port(remote)?, protocol(protocol_name)?);
    let found = match os_name {
        Some(name) => os(name)?.guess(local, remote, protocol),
        None => ports_kb::guess(local, remote, protocol),
    };
    Ok(found.map(wrap))
}

#[pyfunction]
fn common_ports(protocol_name: &str, n: usize) -> PyResult<Vec<u16>> {
    Ok(ports_kb::common_ports(protocol(protocol_name)?)
        .take(n)
        .collect())
}

/// The free ports from `first` to `last`, inclusive.
#[pyfunction]
fn free_ports(first: i64, last: i64, protocol_name: &str) -> PyResult<Vec<u16>> {
    let range = port(first)?..=port(last)?;
    Ok(ports_kb::free_ports(range, protocol(protocol_name)?).collect())
}

/// Why a port is not free, for `ports_kb.NotFree`: (kind, the service, the IANA status,
/// the system).
type Why = (
    &'static str,
    Option<Service>,
    Option<&'static str>,
    Option<&'static str>,
);

/// Why a port is not free, or None.
#[pyfunction]
fn why_not_free(port_number: i64, protocol_name: &str) -> PyResult<Option<Why>> {
    let why = ports_kb::why_not_free(port(port_number)?, protocol(protocol_name)?);
    Ok(why.map(|why| match why {
        NotFree::SystemPort => ("system-port", None, None, None),
        NotFree::Registered(status) => ("registered", None, Some(status_name(status)), None),
        NotFree::KnownUse(s) => ("known-use", Some(wrap(s)), None, None),
        NotFree::BlockedByBrowsers => ("blocked-by-browsers", None, None, None),
        NotFree::Ephemeral(os) => ("ephemeral", None, None, Some(os.as_str())),
        _ => ("not-free", None, None, None),
    }))
}

#[pyfunction]
fn blocked_by_browsers(port_number: i64) -> PyResult<bool> {
    Ok(ports_kb::blocked_by_browsers(port(port_number)?))
}

/// A system's ephemeral range: (first, last), inclusive.
#[pyfunction]
fn ephemeral_ports(os_name: &str) -> PyResult<(u16, u16)> {
    let range = os(os_name)?.ephemeral_ports();
    Ok((*range.start(), *range.end()))
}

/// The crate's names of each kind, for the Python enums' tests.
#[pyfunction]
fn names(kind: &str) -> PyResult<Vec<&'static str>> {
    let names: Vec<&'static str> = match kind {
        "protocol" => Protocol::ALL.iter().map(|p| p.as_str()).collect(),
        "category" => ports_kb::Category::ALL.iter().map(|c| c.as_str()).collect(),
        "prevalence" => ports_kb::Prevalence::ALL
            .iter()
            .map(|p| p.as_str())
            .collect(),
        "os" => Os::ALL.iter().map(|o| o.as_str()).collect(),
        "avoidable" => Os::AVOIDABLE.iter().map(|o| o.as_str()).collect(),
        "source" => ports_kb::Source::ALL.iter().map(|s| s.as_str()).collect(),
        _ => return Err(PyValueError::new_err(format!("{kind:?}: no such list"))),
    };
    Ok(names)
}

/// The date of the IANA registry compiled in.
#[pyfunction]
fn registry_updated() -> &'static str {
    ports_kb::REGISTRY_UPDATED
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Service>()?;
    m.add_function(wrap_pyfunction!(lookup, m)?)?;
    m.add_function(wrap_pyfunction!(lookup_protocol, m)?)?;
    m.add_function(wrap_pyfunction!(by_name, m)?)?;
    m.add_function(wrap_pyfunction!(search, m)?)?;
    m.add_function(wrap_pyfunction!(services, m)?)?;
    m.add_function(wrap_pyfunction!(classify, m)?)?;
    m.add_function(wrap_pyfunction!(status, m)?)?;
    m.add_function(wrap_pyfunction!(guess, m)?)?;
    m.add_function(wrap_pyfunction!(common_ports, m)?)?;
    m.add_function(wrap_pyfunction!(free_ports, m)?)?;
    m.add_function(wrap_pyfunction!(why_not_free, m)?)?;
    m.add_function(wrap_pyfunction!(blocked_by_browsers, m)?)?;
    m.add_function(wrap_pyfunction!(ephemeral_ports, m)?)?;
    m.add_function(wrap_pyfunction!(names, m)?)?;
    m.add_function(wrap_pyfunction!(registry_updated, m)?)?;
    Ok(())
}
