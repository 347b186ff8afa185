//! Which entry a query names. People type part of a name and like an exact match to win (`fob code`);
//! a check that guards an action must not be answered by an entry someone planted under the very name
//! a script asks for, so `fob verify` wants one match without doubt, or a selector that cannot be
//! mistaken: the whole name, or the id.

use super::{QueryError, Vault};

/// The entries a query names, by display name `Issuer:account` compared ignoring case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matches {
    query: String,
    /// Entries whose whole name is the query, with their names.
    exact: Vec<(usize, String)>,
    /// Entries whose name contains the query without being it, with their names.
    partial: Vec<(usize, String)>,
}

impl Vault {
    /// Every entry whose name is or contains `query`, ignoring case.
    #[must_use]
    pub fn matches(&self, query: &str) -> Matches {
        let wanted = query.to_lowercase();
        let (mut exact, mut partial) = (Vec::new(), Vec::new());
        for (i, entry) in self.entries.iter().enumerate() {
            let name = entry.name.to_string();
            let folded = name.to_lowercase();
            if folded == wanted {
                exact.push((i, name));
            } else if folded.contains(&wanted) {
                partial.push((i, name));
            }
        }
        Matches {
            query: query.to_owned(),
            exact,
            partial,
        }
    }

    /// The one entry whose whole name is `name` (ignoring case), however many others contain it.
    pub fn find_exact(&self, name: &str) -> Result<usize, QueryError> {
        let matches = self.matches(name);
        matches.one_of(&matches.exact)
    }

    /// The entries `queries` name (each as [`Vault::find`] picks it, each entry once, in the order asked),
    /// or every entry when there are no queries: what `fob export` and `fob paper` write out.
    pub fn select(&self, queries: &[String]) -> Result<Vec<&crate::entry::Entry>, QueryError> {
        if queries.is_empty() {
            return Ok(self.entries.iter().collect());
        }
        let mut picked: Vec<usize> = Vec::new();
        for query in queries {
            let i = self.find(query)?;
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        Ok(picked.into_iter().map(|i| &self.entries[i]).collect())
    }

    /// The one entry with this id (`fob list --json` shows ids).
    pub fn find_id(&self, id: &str) -> Result<usize, QueryError> {
        let found: Vec<(usize, String)> = (self.entries.iter().enumerate())
            .filter(|(_, e)| e.id.as_str() == id)
            .map(|(i, e)| (i, e.name.to_string()))
            .collect();
        Matches {
            query: id.to_owned(),
            exact: Vec::new(),
            partial: Vec::new(),
        }
        .one_of(&found)
    }
}

impl Matches {
    /// An exact match wins over partial ones; without one, the single partial match.
    pub fn exact_first(&self) -> Result<usize, QueryError> {
        if self.exact.is_empty() {
            self.one_of(&self.partial)
        } else {
            self.one_of(&self.exact)
        }
    }

    /// The single match of either kind: an exact match does not win over partial ones.
    pub fn only_one(&self) -> Result<usize, QueryError> {
        let mut all: Vec<(usize, String)> =
            self.exact.iter().chain(&self.partial).cloned().collect();
        all.sort_unstable_by_key(|(i, _)| *i);
        self.one_of(&all)
    }

    /// Every match of either kind, in entry order.
    #[must_use]
    pub fn all(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self
            .exact
            .iter()
            .chain(&self.partial)
            .map(|(i, _)| *i)
            .collect();
        all.sort_unstable();
        all
    }

    /// The names of the partial matches that an exact match passes over in [`Self::exact_first`].
    #[must_use]
    pub fn passed_over(&self) -> Vec<&str> {
        if self.exact.is_empty() {
            return Vec::new();
        }
        self.partial.iter().map(|(_, n)| n.as_str()).collect()
    }

    fn one_of(&self, found: &[(usize, String)]) -> Result<usize, QueryError> {
        match found {
            [(one, _)] => Ok(*one),
            [] => Err(QueryError::NoMatch {
                query: self.query.clone(),
            }),
            many => Err(QueryError::Ambiguous {
                query: self.query.clone(),
                candidates: many.iter().map(|(_, n)| n.clone()).collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::tests::vault;

    #[test]
    fn a_planted_exact_name_wins_only_where_exact_wins() {
        let v = vault(&["GitHub:alice", "github"]);
        let m = v.matches("GitHub");
        assert_eq!(m.exact_first(), Ok(1));
        assert_eq!(m.passed_over(), ["GitHub:alice"]);
        assert_eq!(
            m.only_one(),
            Err(QueryError::Ambiguous {
                query: "GitHub".into(),
                candidates: vec!["GitHub:alice".into(), "github".into()],
            })
        );
        assert_eq!(v.matches("alice").only_one(), Ok(0));
        assert!(v.matches("alice").passed_over().is_empty());
    }

    #[test]
    fn exact_and_id_select_one_entry_whose_name_another_contains() {
        let v = vault(&["GitHub:alice", "GitHub:alice-work"]);
        assert!(matches!(
            v.matches("GitHub:alice").only_one(),
            Err(QueryError::Ambiguous { .. })
        ));
        assert_eq!(v.find_exact("github:ALICE"), Ok(0));
        assert_eq!(v.find_exact("GitHub:alice-work"), Ok(1));
        assert!(matches!(
            v.find_exact("alice"),
            Err(QueryError::NoMatch { .. })
        ));
        let id = v.entries[1].id.to_string();
        assert_eq!(v.find_id(&id), Ok(1));
        assert!(matches!(
            v.find_id(&id.to_uppercase()),
            Err(QueryError::NoMatch { .. })
        ));
    }
}
