//! The allocator of the `nianbao` binary: glibc's for the language server, and mimalloc for
//! `nianbao check` once it starts.
//!
//! The server keeps glibc's allocator because it hands a large document's freed memory back to the
//! system when the document rests (see `nianbao_lsp`'s `memory.rs`), which mimalloc does not. A
//! batch run makes hundreds of small allocations per report, which mimalloc serves faster
//! (BENCHMARKS.md). Which allocator serves new blocks is decided once, at the start of `check`; a
//! block is always given back to the allocator it came from, which mimalloc tells by its address.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

use mimalloc::MiMalloc;

/// The global allocator (see the module documentation).
pub struct Allocator;

/// Set once `check` starts: from then on new blocks come from mimalloc.
static MIMALLOC: AtomicBool = AtomicBool::new(false);

/// Makes mimalloc serve every allocation from now on (the blocks glibc gave so far stay glibc's).
pub fn use_mimalloc() {
    MIMALLOC.store(true, Ordering::SeqCst);
}

/// Whether `ptr` came from mimalloc. Before [`use_mimalloc`] nothing did; after it, mimalloc's map
/// of its own memory tells (glibc's blocks lie outside the regions mimalloc reserves).
fn from_mimalloc(ptr: *mut u8) -> bool {
    // SAFETY: `mi_is_in_heap_region` only reads mimalloc's page map for the address; it never
    // dereferences the pointer.
    MIMALLOC.load(Ordering::SeqCst) && unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast()) }
}

// SAFETY: every block is allocated by one of two allocators that each uphold `GlobalAlloc`'s
// contract, and freed or resized by the same one: `from_mimalloc` tells mimalloc's blocks exactly,
// and a block allocated before `use_mimalloc` is glibc's, so it is found outside mimalloc's
// regions.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on unchanged.
        unsafe {
            if MIMALLOC.load(Ordering::SeqCst) {
                MiMalloc.alloc(layout)
            } else {
                System.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe {
            if MIMALLOC.load(Ordering::SeqCst) {
                MiMalloc.alloc_zeroed(layout)
            } else {
                System.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` goes back to the allocator that gave it, with the layout it was given with.
        unsafe {
            if from_mimalloc(ptr) {
                MiMalloc.dealloc(ptr, layout);
            } else {
                System.dealloc(ptr, layout);
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is resized by the allocator that gave it (a glibc block stays glibc's).
        unsafe {
            if from_mimalloc(ptr) {
                MiMalloc.realloc(ptr, layout, new_size)
            } else {
                System.realloc(ptr, layout, new_size)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_from_before_the_switch_are_freed_by_glibc_and_later_ones_by_mimalloc() {
        // Blocks of the test harness's own threads come and go through the same allocator
        // meanwhile: the switch is global, as in `check`.
        let before = vec![1u8; 100];
        let big_before = vec![2u8; 1 << 20];
        use_mimalloc();
        let after: Vec<u8> = std::iter::repeat_n(3u8, 100).collect();
        assert!(!from_mimalloc(before.as_ptr().cast_mut()));
        assert!(!from_mimalloc(big_before.as_ptr().cast_mut()));
        assert!(from_mimalloc(after.as_ptr().cast_mut()));
        // Growing a glibc block keeps it glibc's; the contents survive either way.
        let mut grown = before;
        grown.resize(1 << 16, 9);
        assert!(!from_mimalloc(grown.as_ptr().cast_mut()));
        assert_eq!(
            (grown[0], grown[1 << 15], after[99], big_before[1 << 19]),
            (1, 9, 3, 2)
        );
    }
}
