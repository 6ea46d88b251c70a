//! Small sets of ids (purposes, features, vendors) kept as ascending vectors without
//! duplicates. An insertion sort: the lists are short, and the standard library's sorts cost
//! kilobytes in the module.

use crate::prelude::*;

/// Sorts `v` by `key` (stable) in place.
pub fn sort_by<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `v` ascending and drops repeated ids.
pub fn normalize<T: Ord + Copy>(v: &mut Vec<T>) {
    sort_by(v, |x| *x);
    v.dedup();
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_as_the_standard_sort(mut v in proptest::collection::vec(0u16..50, 0..40)) {
            let mut expected = v.clone();
            expected.sort_unstable();
            expected.dedup();
            normalize(&mut v);
            prop_assert_eq!(v, expected);
        }
    }
}
