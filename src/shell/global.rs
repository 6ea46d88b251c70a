//! A global value for the module, as `thread_local!` would give with std.

use core::cell::RefCell;

/// A `RefCell` in a `static`.
pub struct Global<T>(RefCell<T>);

// SAFETY: the module is built for wasm32 without the `atomics` target feature, so it runs on
// the page's one thread and no other thread can ever reach this value.
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    /// A global holding `value`.
    pub const fn new(value: T) -> Self {
        Global(RefCell::new(value))
    }

    /// Runs `f` with the cell.
    pub fn with<R>(&self, f: impl FnOnce(&RefCell<T>) -> R) -> R {
        f(&self.0)
    }
}
