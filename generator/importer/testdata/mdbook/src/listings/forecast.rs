// ANCHOR: weights
const COMMIT: f64 = 0.9;
const BEST_CASE: f64 = 0.5;
// ANCHOR_END: weights

fn main() {
    println!("{}", COMMIT * 100_000.0 + BEST_CASE * 40_000.0);
}
