//! Large buffers on huge pages.
//!
//! A large parse fills a few big buffers once (the text, the line index, the line records):
//! on 4 KiB pages that is one page fault per 4 KiB, and on a virtual machine a page fault
//! costs microseconds. Asking the kernel for transparent huge pages on such a buffer before it
//! is written cuts those faults 512-fold. It is advice only: where the kernel has no huge page
//! to give (or transparent huge pages are off), the buffer works as before.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

static LARGE_INPUT: AtomicBool = AtomicBool::new(false);
static READ: AtomicU64 = AtomicU64::new(0);

/// Task files adding up to this many bytes make [`is_large_input`] true: a 1,000-task file
/// (460 KB), or a few hundred one-task files. Below it a command's heap is a few MiB, and
/// huge pages would cost more resident memory than their page faults cost time.
pub const LARGE_INPUT_BYTES: u64 = 256 << 10;

/// Notes that `bytes` more bytes of task files are being read: once they add up to
/// [`LARGE_INPUT_BYTES`], [`is_large_input`] is true, and an allocator that can back its
/// heaps with huge pages asks before it does (the binary's does).
pub fn reading(bytes: u64) {
    let total = READ.fetch_add(bytes, Relaxed).saturating_add(bytes);
    if total >= LARGE_INPUT_BYTES {
        LARGE_INPUT.store(true, Relaxed);
    }
}

/// What one task file's model costs on the heap beyond its text, at the least: a one-task
/// file of a few hundred bytes still makes a task, its fields and their spans.
pub const FILE_MODEL_BYTES: u64 = 2 << 10;

/// Notes that `files` task files are about to be loaded: each counts [`FILE_MODEL_BYTES`]
/// toward a large input before a byte of it is read, so that a folder of many small files is
/// known to be large before its first file is parsed (and before any thread that parses them
/// makes its heap), not only once their bytes have added up.
pub fn loading(files: usize) {
    reading((files as u64).saturating_mul(FILE_MODEL_BYTES));
}

/// True once the task files read in this process add up to a large input.
#[inline]
pub fn is_large_input() -> bool {
    LARGE_INPUT.load(Relaxed)
}

/// A huge page: 2 MiB on the platforms where the advice is given.
const HUGE: usize = 2 << 20;

/// Advises huge pages for the spare capacity of `v` (the part not yet written), where it
/// covers whole aligned huge pages. Does nothing for a small buffer, or off Linux.
pub fn huge_pages<T>(v: &mut Vec<T>) {
    let spare = v.spare_capacity_mut();
    let len = std::mem::size_of_val(spare);
    if len < HUGE {
        return;
    }
    let start = spare.as_mut_ptr() as usize;
    let aligned = start.next_multiple_of(HUGE);
    let end = (start + len) / HUGE * HUGE;
    if end <= aligned {
        return;
    }
    advise(aligned, end - aligned);
}

#[cfg(target_os = "linux")]
fn advise(addr: usize, len: usize) {
    // SAFETY: `addr..addr + len` lies inside one live allocation of the caller's vector,
    // and `MADV_HUGEPAGE` changes only how the kernel backs those pages, never their content.
    let _ = unsafe {
        rustix::mm::madvise(
            addr as *mut std::ffi::c_void,
            len,
            rustix::mm::Advice::LinuxHugepage,
        )
    };
}

#[cfg(not(target_os = "linux"))]
fn advise(_addr: usize, _len: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_add_up_to_a_large_input() {
        // Other tests read files too, so only the end is certain: once this test alone has
        // noted the threshold's worth of bytes, in two reads, the input is large.
        reading(LARGE_INPUT_BYTES / 2);
        reading(LARGE_INPUT_BYTES - LARGE_INPUT_BYTES / 2);
        assert!(is_large_input());
    }

    #[test]
    fn many_files_are_a_large_input_before_they_are_read() {
        loading((LARGE_INPUT_BYTES / FILE_MODEL_BYTES) as usize);
        assert!(is_large_input());
    }
}
