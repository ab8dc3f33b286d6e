//! The serde forms of the small enums: each is its lowercase name, a string. Written by
//! hand rather than derived, so that the docs mark each impl with the `serde` feature.

use crate::category::{Category, Prevalence};
use crate::class::PortClass;
use crate::os::Os;
use crate::protocol::Protocol;
use crate::query::PortStatus;
use crate::record::Source;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;
use serde::de::{Deserialize, Deserializer, Error, Visitor};
use serde::ser::{Serialize, Serializer};

/// `Serialize` as the string `name(self)`.
macro_rules! serialize_as_str {
    ($($ty:ty => $name:expr,)*) => {$(
        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl Serialize for $ty {
            /// The lowercase name, as a string.
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let name: fn(&$ty) -> &'static str = $name;
                serializer.serialize_str(name(self))
            }
        }
    )*};
}

serialize_as_str! {
    Protocol => |p| p.as_str(),
    Source => |s| s.as_str(),
    Category => |c| c.as_str(),
    Prevalence => |p| p.as_str(),
    Os => |o| o.as_str(),
    PortClass => |c| match c {
        PortClass::System => "system",
        PortClass::User => "user",
        PortClass::Dynamic => "dynamic",
    },
    PortStatus => |s| match s {
        PortStatus::Assigned => "assigned",
        PortStatus::Reserved => "reserved",
        PortStatus::Unassigned => "unassigned",
        PortStatus::Dynamic => "dynamic",
    },
}

/// Reads a string through `T`'s `FromStr`, naming what was expected on failure.
struct FromStrVisitor<T>(PhantomData<T>, &'static str);

impl<T: FromStr> Visitor<'_> for FromStrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_str<E: Error>(self, s: &str) -> Result<T, E> {
        s.parse()
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(s), &self))
    }
}

/// `Deserialize` from a string that `FromStr` accepts.
macro_rules! deserialize_from_str {
    ($($ty:ty => $expecting:expr,)*) => {$(
        #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
        impl<'de> Deserialize<'de> for $ty {
            /// Any string that `FromStr` accepts.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(FromStrVisitor(PhantomData, $expecting))
            }
        }
    )*};
}

deserialize_from_str! {
    Protocol => "a protocol: tcp, udp, sctp or dccp",
    PortClass => "a port class: system, user or dynamic",
    Category => "a category such as web, mail or remote-access",
    Prevalence => "a prevalence: ubiquitous, common, uncommon or rare",
    Os => "an operating system such as linux, windows or macos",
}
