//! Closed sets of words the kiosk stores by name (account status, lock reason, audit action
//! and outcome): each is an enum whose `as_str` is the stored name, parsed back by
//! `parse`, shown and serialised as the name. The names are part of the database and of
//! `kiosk admin audit`'s output: a variant may be added, never renamed.
//!
//! [`Logged`] reads a name back from an append-only log, where a word this kiosk does not
//! know (written by a newer kiosk) is kept verbatim instead of failing the whole read.

use std::fmt;

/// A stored name that none of the variants of `kind` has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {name:?}")]
pub struct UnknownName {
    /// What was being read, e.g. `lock reason`.
    pub kind: &'static str,
    pub name: String,
}

/// An enum stored by name.
pub trait StoredName: Copy + Sized + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];
    /// The name in the database and in the audit output.
    fn as_str(self) -> &'static str;
    /// The variant stored as `name`.
    fn parse(name: &str) -> Result<Self, UnknownName>;
}

/// Declares an enum stored by name: the variants with their names, `as_str`, `parse`,
/// `FromStr`, `Display` (honouring width, so tables stay aligned) and serde as the name.
macro_rules! stored_names {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($kind:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// The name in the database and in the audit output.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }

            /// The variant stored as `name`.
            pub fn parse(name: &str) -> Result<Self, $crate::domain::named::UnknownName> {
                match name {
                    $( $text => Ok($name::$variant), )+
                    _ => Err($crate::domain::named::UnknownName {
                        kind: $kind,
                        name: name.to_string(),
                    }),
                }
            }
        }

        impl $crate::domain::named::StoredName for $name {
            const ALL: &'static [Self] = &[$( $name::$variant, )+];

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn parse(name: &str) -> Result<Self, $crate::domain::named::UnknownName> {
                $name::parse(name)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::named::UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                $name::parse(name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let name = <String as serde::Deserialize>::deserialize(d)?;
                $name::parse(&name).map_err(serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use stored_names;

/// A name read back from a log: a variant this kiosk knows, or, verbatim, one it does not
/// (a row written by a newer kiosk must not hide the rest of the log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Logged<T> {
    Known(T),
    Unknown(String),
}

impl<T: StoredName> Logged<T> {
    /// Reads a stored name; never fails.
    pub fn read(name: &str) -> Self {
        T::parse(name).map_or_else(|_| Logged::Unknown(name.to_string()), Logged::Known)
    }

    /// The name as stored.
    pub fn as_str(&self) -> &str {
        match self {
            Logged::Known(v) => v.as_str(),
            Logged::Unknown(name) => name,
        }
    }

    /// The variant, when this kiosk knows the name.
    pub fn known(&self) -> Option<T> {
        match self {
            Logged::Known(v) => Some(*v),
            Logged::Unknown(_) => None,
        }
    }
}

impl<T> From<T> for Logged<T> {
    fn from(v: T) -> Self {
        Logged::Known(v)
    }
}

impl<T: PartialEq> PartialEq<T> for Logged<T> {
    fn eq(&self, other: &T) -> bool {
        matches!(self, Logged::Known(v) if v == other)
    }
}

impl<T: StoredName> fmt::Display for Logged<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl<T: StoredName> serde::Serialize for Logged<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Test helper: every variant's name parses back to it, serialises and displays as itself.
#[cfg(test)]
pub(crate) fn assert_round_trips<T>()
where
    T: StoredName + fmt::Debug + PartialEq + fmt::Display + serde::Serialize,
    T: serde::de::DeserializeOwned,
{
    for &v in T::ALL {
        let name = v.as_str();
        assert_eq!(T::parse(name), Ok(v), "{name}");
        assert_eq!(v.to_string(), name);
        assert_eq!(format!("{v:<30}|"), format!("{name:<30}|"));
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, format!("\"{name}\""));
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
        assert_eq!(Logged::<T>::read(name), v);
        assert_eq!(Logged::<T>::read(name).as_str(), name);
    }
    let unknown = "no_such_name_anywhere";
    assert!(T::parse(unknown).is_err());
    assert!(serde_json::from_str::<T>(&format!("\"{unknown}\"")).is_err());
    let logged = Logged::<T>::read(unknown);
    assert_eq!(logged.known(), None);
    assert_eq!(logged.as_str(), unknown);
    assert_eq!(
        serde_json::to_string(&logged).unwrap(),
        format!("\"{unknown}\"")
    );
}
