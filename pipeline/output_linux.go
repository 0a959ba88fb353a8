package pipeline

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// A build writes tens of thousands of small files; on Linux it writes them
// with the system calls themselves. os.File's own bookkeeping (a try at
// the poller, flag reads) and os.Rename's look at the target cost more
// system calls than the writing.

// writeNew writes data into a new file, which must not exist, and returns
// its stamp. A file half-written is removed.
func writeNew(path string, data []byte) (stamp, error) {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return stamp{}, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for rest := data; len(rest) > 0 && err == nil; {
		var n int
		if n, err = ignoringEINTR(func() (int, error) { return syscall.Write(fd, rest) }); err == nil {
			if n == 0 {
				err = errors.New("short write")
			}
			rest = rest[n:]
		}
	}
	var st syscall.Stat_t
	if err == nil {
		err = syscall.Fstat(fd, &st)
	}
	if cerr := syscall.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return stamp{}, &fs.PathError{Op: "write", Path: path, Err: err}
	}
	return stamp{Size: st.Size, ModTime: st.Mtim.Nano()}, nil
}

// statFile returns the size and modification time (in nanoseconds) of
// the file a path names, following links.
func statFile(path string) (size, mod int64, err error) {
	var st syscall.Stat_t
	for {
		if err = syscall.Stat(path, &st); err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return 0, 0, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	return st.Size, st.Mtim.Nano(), nil
}

// rename renames a file over another.
func rename(from, to string) error {
	if err := syscall.Rename(from, to); err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	return nil
}

func ignoringEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
