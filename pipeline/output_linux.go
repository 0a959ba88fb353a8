package pipeline

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
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

// dirStatter stats files by their names in a directory it holds open:
// the grandparent of each (public/zh-Hans for public/zh-Hans/page/index.html),
// of which it keeps the last few. It takes a file as a directory and a
// name in it, so that tens of thousands of stats join no paths.
type dirStatter struct {
	dirs [4]struct {
		root, dir string
		fd        int
	}
	next int // the slot to use next
}

// stat stats the file name names in the directory root (or name itself,
// when absolute), as statFile(filepath.Join(root, name)) does.
func (d *dirStatter) stat(root, name string) (size, mod int64, err error) {
	if filepath.IsAbs(name) {
		root = ""
	}
	i := strings.LastIndexByte(name, filepath.Separator)
	if i > 0 {
		i = strings.LastIndexByte(name[:i], filepath.Separator)
	}
	if i <= 0 && root == "" {
		return statFile(name)
	}
	dir, base := "", name // base: what is left to walk from the directory
	if i > 0 {
		dir, base = name[:i], name[i+1:]
	}
	fd := -1
	for _, s := range d.dirs {
		if s.dir == dir && s.root == root && s.fd > 0 {
			fd = s.fd
			break
		}
	}
	if fd < 0 {
		if fd, err = unix.Open(filepath.Join(root, dir), unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0); err != nil {
			return statFile(filepath.Join(root, name))
		}
		s := &d.dirs[d.next]
		if s.fd > 0 {
			unix.Close(s.fd)
		}
		s.root, s.dir, s.fd = root, dir, fd
		d.next = (d.next + 1) % len(d.dirs)
	}
	var st unix.Stat_t
	for {
		if err = unix.Fstatat(fd, base, &st, 0); err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return 0, 0, &fs.PathError{Op: "stat", Path: filepath.Join(root, name), Err: err}
	}
	return st.Size, st.Mtim.Nano(), nil
}

func (d *dirStatter) close() {
	for _, s := range d.dirs {
		if s.fd > 0 {
			unix.Close(s.fd)
		}
	}
}

// readFile reads a whole file, as os.ReadFile does, with the system calls
// themselves: a build reads every content page twice (to hash it, then to
// render it), and os.File's bookkeeping was three more calls a file.
func readFile(path string) ([]byte, error) { return appendFile(nil, path) }

// appendFile is readFile reading into buf, from its length on: a caller
// that reads many files one after another reads them into one buffer.
func appendFile(buf []byte, path string) ([]byte, error) {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	size := 0
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG {
		size = int(st.Size)
	}
	data := slices.Grow(buf, size+512) // room to find the end in a second read
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := ignoringEINTR(func() (int, error) { return syscall.Read(fd, data[len(data):cap(data)]) })
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return data, nil
		}
		data = data[:len(data)+n]
	}
}

// viewFile returns a file's bytes as a read-only view of the file itself
// (mapped into memory) and the function that ends the view: a catalogue
// read once through is not copied. The view is read only inside
// whileViewing, since a file cut short under it faults.
func viewFile(path string) (data []byte, release func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if size := fi.Size(); size > 0 && size == int64(int(size)) {
		if data, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED); err == nil {
			return data, func() { unix.Munmap(data) }, nil
		}
	}
	// empty, or not a file the system maps: read it
	data, err = readFile(path)
	return data, func() {}, err
}

// whileViewing runs read, which reads a view viewFile gave, and reports
// whether it faulted: the file was cut short under the view.
func whileViewing(read func()) (faulted bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(interface{ Addr() uintptr }); !ok {
				panic(r)
			}
			faulted = true
		}
	}()
	read()
	return false
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
