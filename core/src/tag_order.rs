//! Version-aware order of tags: runs of digits compare as numbers, so `v1.9.0` comes before
//! `v1.10.0` and `3.9` before `3.20`; everything else compares byte by byte.

use std::cmp::Ordering;

/// The length of the run of ASCII digits at the start of `text`.
fn digit_run(text: &[u8]) -> usize {
    text.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// A run of digits without its leading zeros.
fn significant(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|b| **b == b'0').count();
    &digits[zeros..]
}

/// Compares two runs of digits by the numbers they write (any length: no overflow).
fn compare_numbers(a: &[u8], b: &[u8]) -> Ordering {
    let (a, b) = (significant(a), significant(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Orders text with numbers compared as numbers: `v1.9.0` < `v1.10.0`, `3.9` < `3.20`.
/// Numbers that differ only by leading zeros (`v01`, `v1`) are equal at that place.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        let (Some(&x), Some(&y)) = (a.first(), b.first()) else {
            return a.len().cmp(&b.len());
        };
        let step = if x.is_ascii_digit() && y.is_ascii_digit() {
            let (run_a, run_b) = (digit_run(a), digit_run(b));
            (compare_numbers(&a[..run_a], &b[..run_b]), run_a, run_b)
        } else {
            (x.cmp(&y), 1, 1)
        };
        match step {
            (Ordering::Equal, skip_a, skip_b) => {
                a = &a[skip_a..];
                b = &b[skip_b..];
            }
            (order, _, _) => return order,
        }
    }
}

/// Sorts `items` in [`natural_cmp`] order, keeping equal items in their order. A small
/// bottom-up merge sort: the standard library's sorts add kilobytes of code to the wasm
/// bundle for each element type.
pub fn sort_natural(items: &mut Vec<String>) {
    let mut width = 1;
    while width < items.len() {
        let mut merged = Vec::with_capacity(items.len());
        let mut rest = std::mem::take(items).into_iter().peekable();
        while rest.peek().is_some() {
            let mut left = rest
                .by_ref()
                .take(width)
                .collect::<Vec<_>>()
                .into_iter()
                .peekable();
            let mut right = rest
                .by_ref()
                .take(width)
                .collect::<Vec<_>>()
                .into_iter()
                .peekable();
            loop {
                let from_left = match (left.peek(), right.peek()) {
                    (Some(l), Some(r)) => natural_cmp(l, r) != Ordering::Greater,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                merged.extend(if from_left { left.next() } else { right.next() });
            }
        }
        *items = merged;
        width *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(items: &[&str]) -> Vec<String> {
        let mut items: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        sort_natural(&mut items);
        items
    }

    #[test]
    fn numbers_compare_as_numbers() {
        assert_eq!(
            sorted(&["v1.10.0", "latest", "v1.9.0", "3.20", "3.9", "v1.09.1", "a"]),
            ["3.9", "3.20", "a", "latest", "v1.9.0", "v1.09.1", "v1.10.0"]
        );
        assert_eq!(natural_cmp("1.2", "1.2"), Ordering::Equal);
        assert_eq!(natural_cmp("1.2", "1.2.1"), Ordering::Less);
        assert_eq!(natural_cmp("v2", "v10"), Ordering::Less);
        assert_eq!(natural_cmp("b", "a10"), Ordering::Greater);
        assert_eq!(natural_cmp("", ""), Ordering::Equal);
        assert_eq!(natural_cmp("", "0"), Ordering::Less);
    }

    #[test]
    fn leading_zeros_and_huge_numbers() {
        assert_eq!(natural_cmp("v01", "v1"), Ordering::Equal);
        assert_eq!(natural_cmp("v007b", "v7a"), Ordering::Greater);
        let huge = "9".repeat(400);
        assert_eq!(
            natural_cmp(&huge, &format!("1{}", "0".repeat(400))),
            Ordering::Less
        );
        assert_eq!(natural_cmp(&format!("0000{huge}"), &huge), Ordering::Equal);
    }

    #[test]
    fn the_sort_is_stable_and_agrees_with_the_comparison() {
        assert_eq!(
            sorted(&["v01", "b", "v1", "a", "v001"]),
            ["a", "b", "v01", "v1", "v001"]
        );
        assert!(sorted(&[]).is_empty());
        assert_eq!(sorted(&["only"]), ["only"]);
        // Many lengths, not powers of two: every item kept, in order.
        let mut x: u32 = 0x2545_F491;
        for len in 0..70 {
            let items: Vec<String> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    format!("{}.{}-r{}", x % 4, x % 13, x % 3)
                })
                .collect();
            let mut ours = items.clone();
            sort_natural(&mut ours);
            let mut expected = items;
            expected.sort_by(|a, b| natural_cmp(a, b));
            assert_eq!(ours, expected, "{len}");
        }
    }
}
