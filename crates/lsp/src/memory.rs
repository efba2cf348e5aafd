//! Handing freed memory back to the system when a large document rests.
//!
//! Analysing a multi-megabyte text frees buffers of its size (the previous version's text, the
//! message that carried it), and glibc keeps such memory in its arenas for reuse: while the user
//! types, that makes the next version's allocations fast, but a document left open would hold
//! several times its size. So after a large document's diagnostics are published and no edit
//! follows for [`REST`], the server drops the spare text buffer it keeps for the next edit (see
//! `Doc::spare`) and trims the allocator's free memory.

use std::time::Duration;

/// How long a large document must rest before the freed memory is handed back.
pub const REST: Duration = Duration::from_millis(300);

/// Allocations from this size on get pages of their own, which go back to the system when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const OWN_PAGES_FROM: libc::c_int = 1 << 20;

/// Sets the allocator up for the server: a fixed threshold for allocations with pages of their own.
/// glibc otherwise raises the threshold to the size of the largest block freed, after which every
/// version of a multi-megabyte text is carved out of arenas that keep its memory after it is freed.
pub fn configure() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` only changes the allocator's parameters; called once, at start-up.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_PAGES_FROM);
        }
    }
}

/// Hands the allocator's free memory back to the system (glibc on Linux; elsewhere nothing to do).
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `malloc_trim` only returns free pages of the allocator's own arenas to the
        // system; it touches no memory in use and is thread-safe.
        unsafe {
            libc::malloc_trim(0);
        }
        if std::env::var_os("NIANBAO_MALLINFO").is_some() {
            // SAFETY: `mallinfo2` only reads the allocator's statistics.
            let m = unsafe { libc::mallinfo2() };
            eprintln!(
                "mallinfo: in use {} KiB, arena {} KiB, mmapped {} KiB, free {} KiB",
                m.uordblks >> 10,
                m.arena >> 10,
                m.hblkhd >> 10,
                m.fordblks >> 10
            );
        }
    }
}
