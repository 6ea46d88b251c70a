//! The records' hash chain: each row's hash covers the previous row's hash and every stored
//! column, so changing, removing or reordering a row breaks the chain from there on. Pure.

use sha2::{Digest, Sha256};

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A stored row's columns, as hashed.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Position in the chain (1, 2, …).
    pub seq: i64,
    /// The record's id.
    pub record_id: String,
    /// The consent's id.
    pub consent_id: String,
    /// The record's time (ms since the epoch).
    pub time_ms: i64,
    /// When the server received it (ms since the epoch).
    pub received_ms: i64,
    /// The action's name.
    pub action: String,
    /// The visitor's region at receipt (from the CDN's header), or empty.
    pub region: String,
    /// The notice's language.
    pub language: String,
    /// The canonical payload.
    pub body: String,
    /// The previous row's hash.
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
}

/// The hash of a row whose previous row's hash is `prev`: SHA-256, lower-case hex, over every
/// column, each followed by a newline (no column may contain one but `body`, which is last).
pub fn hash(prev: &str, r: &Row) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        &r.seq.to_string(),
        &r.record_id,
        &r.consent_id,
        &r.time_ms.to_string(),
        &r.received_ms.to_string(),
        &r.action,
        &r.region,
        &r.language,
        &r.body,
    ] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    format!("{:x}", h.finalize())
}

/// Where a chain is broken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// The first row that does not verify.
    pub seq: i64,
    /// Its record id.
    pub record_id: String,
    /// What is wrong.
    pub problem: String,
}

/// Walks rows in sequence order from an anchor (`GENESIS` at 0, or the last purge's), and
/// names the first broken link. Returns how many rows verified.
pub struct Verifier {
    seq: i64,
    hash: String,
    /// Rows verified so far.
    pub count: u64,
}

impl Verifier {
    /// Starts after the row `seq` whose hash is `hash`.
    pub fn new(seq: i64, hash: &str) -> Verifier {
        Verifier {
            seq,
            hash: hash.to_string(),
            count: 0,
        }
    }

    /// Checks the next row.
    pub fn next(&mut self, r: &Row) -> Result<(), Broken> {
        let broken = |problem: String| Broken {
            seq: r.seq,
            record_id: r.record_id.clone(),
            problem,
        };
        if r.seq != self.seq + 1 {
            return Err(broken(format!(
                "expected row {} next: rows {}..{} are missing",
                self.seq + 1,
                self.seq + 1,
                r.seq - 1
            )));
        }
        if r.prev_hash != self.hash {
            return Err(broken(
                "its previous-hash does not match the row before it (a row was removed or changed)"
                    .into(),
            ));
        }
        let body_ok = serde_json::from_str::<serde_json::Value>(&r.body).is_ok_and(|b| {
            b["id"] == r.record_id.as_str()
                && b["consentId"] == r.consent_id.as_str()
                && b["action"] == r.action.as_str()
                && b["language"] == r.language.as_str()
        });
        if !body_ok {
            return Err(broken("its columns do not match its payload".into()));
        }
        if hash(&r.prev_hash, r) != r.hash {
            return Err(broken(
                "its hash does not match its content (the row was changed)".into(),
            ));
        }
        self.seq = r.seq;
        self.hash = r.hash.clone();
        self.count += 1;
        Ok(())
    }

    /// The last verified row's sequence number and hash.
    pub fn head(&self) -> (i64, &str) {
        (self.seq, &self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Row> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let id = format!("record{seq:02}");
                let mut r = Row {
                    seq,
                    record_id: id.clone(),
                    consent_id: "consent1".into(),
                    time_ms: 1000 * seq,
                    received_ms: 1000 * seq + 5,
                    action: "accept-all".into(),
                    region: "JP".into(),
                    language: "ja".into(),
                    body: format!(
                        r#"{{"id":"{id}","consentId":"consent1","action":"accept-all","language":"ja"}}"#
                    ),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                r.hash = hash(&prev, &r);
                prev = r.hash.clone();
                r
            })
            .collect()
    }

    fn verify(rows: &[Row]) -> Result<u64, Broken> {
        let mut v = Verifier::new(0, GENESIS);
        for r in rows {
            v.next(r)?;
        }
        Ok(v.count)
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
        assert_eq!(hash(GENESIS, &chain(1)[0]).len(), 64);
    }

    #[test]
    fn each_kind_of_tampering_names_the_first_broken_row() {
        let mut changed = chain(5);
        changed[2].region = "US".into();
        let e = verify(&changed).unwrap_err();
        assert_eq!((e.seq, e.problem.contains("changed")), (3, true));

        let mut body = chain(5);
        body[1].body = body[1].body.replace("accept-all", "reject-all");
        assert!(verify(&body).unwrap_err().problem.contains("do not match"));

        let mut removed = chain(5);
        removed.remove(3);
        let e = verify(&removed).unwrap_err();
        assert_eq!(e.seq, 5);
        assert!(e.problem.contains("4..4 are missing"), "{}", e.problem);

        // A row changed and re-hashed breaks the next row's link.
        let mut rehashed = chain(5);
        rehashed[1].action = "reject-all".into();
        rehashed[1].body = rehashed[1].body.replace("accept-all", "reject-all");
        rehashed[1].hash = hash(&rehashed[1].prev_hash.clone(), &rehashed[1]);
        let e = verify(&rehashed).unwrap_err();
        assert_eq!((e.seq, e.record_id.as_str()), (3, "record03"));
    }

    #[test]
    fn a_purged_prefix_verifies_from_its_anchor() {
        let rows = chain(6);
        let mut v = Verifier::new(3, &rows[2].hash);
        for r in &rows[3..] {
            v.next(r).unwrap();
        }
        assert_eq!(v.count, 3);
        assert_eq!(v.head(), (6, rows[5].hash.as_str()));
        assert!(Verifier::new(2, &rows[1].hash).next(&rows[3]).is_err());
    }
}
