//! What the standard library would give the `no_std` module: a panic handler and a memory
//! allocator, each a small fraction of std's size.
//!
//! The allocator hands out power-of-two blocks (16 bytes and up) from memory it grows page by
//! page, and keeps freed blocks on one free list per size: allocation and freeing are a few
//! instructions, memory is reused, and it costs under a kilobyte of code. The module's
//! allocations are small and short-lived (config text, DOM strings), which suits it.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr::null_mut;

/// A panic is a bug: stop the module (the call that panicked throws in JavaScript).
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Size classes: 16 bytes (class 0) doubling up to 2 GiB.
const CLASSES: usize = 28;
/// The size of a wasm memory page.
const PAGE: usize = 65_536;
/// Every block is aligned at least this much.
const MIN_ALIGN: usize = 16;

/// The allocator's state.
struct Heap {
    /// Head of each class's free list (0: empty); a free block holds the next one's address.
    free: [usize; CLASSES],
    /// Start of the never-used rest of the grown memory.
    next: usize,
    /// End of the grown memory.
    end: usize,
}

/// The module's allocator: power-of-two blocks, one free list per size class.
struct Allocator(UnsafeCell<Heap>);

// SAFETY: wasm32 without atomics has one thread; the heap is never touched concurrently.
unsafe impl Sync for Allocator {}

/// The module's one heap.
#[global_allocator]
static ALLOCATOR: Allocator = Allocator(UnsafeCell::new(Heap {
    free: [0; CLASSES],
    next: 0,
    end: 0,
}));

/// The block size for a layout and its class.
fn class_of(layout: &Layout) -> (usize, usize) {
    let size = layout
        .size()
        .max(layout.align())
        .max(MIN_ALIGN)
        .next_power_of_two();
    (size.trailing_zeros() as usize - 4, size)
}

unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let heap = &mut *self.0.get();
        let (class, size) = class_of(&layout);
        if class >= CLASSES {
            return null_mut();
        }
        let head = heap.free[class];
        if head != 0 && layout.align() <= MIN_ALIGN {
            heap.free[class] = *(head as *const usize);
            return head as *mut u8;
        }
        let align = layout.align().max(MIN_ALIGN);
        let mut start = (heap.next + align - 1) & !(align - 1);
        if heap.end == 0 || start + size > heap.end {
            let pages = (size + align).div_ceil(PAGE);
            let previous = core::arch::wasm32::memory_grow(0, pages);
            if previous == usize::MAX {
                return null_mut();
            }
            let base = previous * PAGE;
            if base != heap.end {
                heap.next = base; // not contiguous with what we had: start afresh
            }
            heap.end = base + pages * PAGE;
            start = (heap.next + align - 1) & !(align - 1);
        }
        heap.next = start + size;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let heap = &mut *self.0.get();
        let (class, _) = class_of(&layout);
        *(ptr as *mut usize) = heap.free[class];
        heap.free[class] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        if class_of(&layout).0 == class_of(&new_layout).0 {
            return ptr; // the block already has room
        }
        let new = self.alloc(new_layout);
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}
