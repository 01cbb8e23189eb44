//! The process's allocator: the system's, with transparent huge pages advised for glibc's
//! heaps once the task files read add up to a large input.
//!
//! A large file's model is hundreds of thousands of small allocations, tens of megabytes in
//! all, and each 4 KiB page of it is faulted in on first use; on a virtual machine a fault
//! costs microseconds. glibc backs its heaps with huge pages when started with
//! `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, a setting it reads only from the environment at
//! start. Once the library says the input is large ([`todo_md::mem::is_large_input`]: the task
//! files read add up to 256 KiB, a 1,000-task file or a few hundred one-task files), this
//! allocator gives the kernel the same advice from inside:
//!
//! - the main heap, each time `brk` has moved it up, with a top pad of 16 MiB so that it grows
//!   in steps the kernel can back with whole huge pages; the first time, what is left below
//!   the next huge page boundary is taken by blocks that are never written, so that the
//!   allocations after them start on whole huge pages;
//! - a thread's heap, the first time an allocation is seen in it (glibc keeps each in a region
//!   of 64 MiB aligned to its size);
//! - an allocation of 2 MiB or more, on the whole huge pages inside it;
//! - and the one huge page span of each heap that was written before the advice (glibc's
//!   headers, the heap below its old end) is made a huge page at once (`MADV_COLLAPSE`),
//!   where it would otherwise be faulted in 512 times, a 4 KiB page at a time.
//!
//! On the virtual machines measured, a 4 KiB page fault costs about 1.5 µs and a huge page
//! about 60 µs: a folder of 1,000 one-task files took 1,400 faults to list, and takes 480.
//!
//! Advice never changes what memory holds, and where the kernel has no huge page to give, or
//! transparent huge pages are off, nothing changes. Elsewhere than Linux with glibc this is
//! the system allocator as it is.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, watched as described in the module docs.
pub struct Allocator;

// SAFETY: every call is passed on to `System` unchanged; what is added only reads the
// returned address and advises the kernel about memory the allocator owns.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc(layout) };
        seen(p, layout.size());
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.alloc_zeroed(layout) };
        seen(p, layout.size());
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        seen(p, new_size);
        p
    }
}

#[inline]
fn seen(p: *mut u8, size: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if todo_md::mem::is_large_input() && !p.is_null() {
        glibc::seen(p as usize, size);
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = (p, size);
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod glibc {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

    const HUGE: usize = 2 << 20;
    /// The size and alignment of a glibc heap other than the main one (64-bit).
    const HEAP: usize = 64 << 20;
    /// Below this, glibc never maps an allocation of its own: it comes from a heap.
    const FROM_A_HEAP: usize = 128 << 10;

    static STARTED: AtomicBool = AtomicBool::new(false);
    /// The main heap's end as last advised.
    static BRK: AtomicUsize = AtomicUsize::new(0);
    /// Thread heaps advised so far.
    static HEAPS: [AtomicUsize; 16] = [const { AtomicUsize::new(0) }; 16];

    /// Advises huge pages for `from..to` (`from` page-aligned).
    fn advise(from: usize, to: usize) {
        if to > from {
            // SAFETY: `MADV_HUGEPAGE` changes how the kernel backs the pages of a mapping,
            // never their content, and fails harmlessly on a range that is not mapped.
            unsafe {
                libc::madvise(from as *mut libc::c_void, to - from, libc::MADV_HUGEPAGE);
            }
        }
    }

    /// Makes the huge page span `from..from + HUGE` one huge page now, the pages already
    /// there copied in: for a span that memory was written in before the advice, which the
    /// kernel would otherwise fill a 4 KiB page at a time (a fault each: 512 faults cost
    /// several times one huge page).
    fn collapse(from: usize) {
        // SAFETY: `MADV_COLLAPSE` (Linux 6.1) changes how the kernel backs the pages, never
        // their content; it fails harmlessly (EINVAL on older kernels, EAGAIN, ENOMEM) where
        // the span is not all writable memory of one mapping or no huge page is free.
        unsafe {
            libc::madvise(from as *mut libc::c_void, HUGE, libc::MADV_COLLAPSE);
        }
    }

    /// Moves the main heap's next allocations up to a huge page boundary: blocks are taken
    /// from the top of the heap until one reaches it, and kept, never written (bar glibc's
    /// header of each). Without this, what is allocated between the heap's end and the next
    /// boundary (up to 2 MiB) shares its span with memory written before the advice, and is
    /// faulted in a 4 KiB page at a time. Called once, before the advice, with the heap's end.
    fn skip_to_boundary(end: usize) {
        // Below glibc's mmap threshold (128 KiB), so carved from the heap.
        const BLOCK: usize = 64 << 10;
        let boundary = end.next_multiple_of(HUGE);
        for _ in 0..(2 * HUGE / BLOCK) {
            // SAFETY: a plain allocation, deliberately never freed.
            let p = unsafe { libc::malloc(BLOCK) } as usize;
            if p == 0 || p + BLOCK >= boundary {
                return;
            }
        }
    }

    pub(super) fn seen(p: usize, size: usize) {
        if !STARTED.load(Relaxed) && !STARTED.swap(true, Relaxed) {
            // SAFETY: `mallopt` and `sbrk(0)` only set a malloc parameter and read the
            // program break.
            let end = unsafe {
                libc::mallopt(libc::M_TOP_PAD, 16 << 20);
                libc::sbrk(0) as usize
            };
            skip_to_boundary(end);
            // SAFETY: as above.
            let grown = unsafe { libc::sbrk(0) } as usize;
            if grown > end {
                advise(end & !4095, grown);
                // glibc wrote the top's header past the boundary before the advice.
                collapse(end.next_multiple_of(HUGE));
            }
            BRK.store(grown, Relaxed);
        }
        if size >= HUGE {
            advise(p.next_multiple_of(HUGE), (p + size) & !(HUGE - 1));
            return;
        }
        if size >= FROM_A_HEAP {
            return;
        }
        let known = BRK.load(Relaxed);
        if p < known {
            return; // the main heap, advised up to here
        }
        let heap = p & !(HEAP - 1);
        if HEAPS.iter().any(|h| h.load(Relaxed) == heap) {
            return;
        }
        // SAFETY: `sbrk(0)` reads the program break.
        let brk = unsafe { libc::sbrk(0) } as usize;
        if p < brk {
            // The main heap grew: advise its new part.
            if BRK.compare_exchange(known, brk, Relaxed, Relaxed).is_ok() {
                advise(known & !4095, brk);
                // The span across the old end was written below it before the advice.
                collapse(known & !(HUGE - 1));
            }
            return;
        }
        for h in &HEAPS {
            if h.compare_exchange(0, heap, Relaxed, Relaxed).is_ok() {
                advise(heap, heap + HEAP);
                // The heap's first page is glibc's own record, written before this is seen.
                collapse(heap);
                return;
            }
        }
    }
}
