//go:build !linux

package pipeline

import (
	"errors"
	"os"
	"path/filepath"
)

// writeNew writes data into a new file, which must not exist, and returns
// its stamp. A file half-written is removed.
func writeNew(path string, data []byte) (stamp, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return stamp{}, err
	}
	_, err = f.Write(data)
	var st stamp
	if err == nil {
		var fi os.FileInfo
		if fi, err = f.Stat(); err == nil {
			st = stamp{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
		}
	}
	if err = errors.Join(err, f.Close()); err != nil {
		os.Remove(path)
	}
	return st, err
}

// statFile returns the size and modification time (in nanoseconds) of
// the file a path names, following links.
func statFile(path string) (size, mod int64, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	return fi.Size(), fi.ModTime().UnixNano(), nil
}

// dirStatter stats files by their paths (Linux names them from an open
// directory).
type dirStatter struct{}

// stat stats the file name names in the directory root (or name itself,
// when absolute).
func (dirStatter) stat(root, name string) (size, mod int64, err error) {
	if !filepath.IsAbs(name) {
		name = filepath.Join(root, name)
	}
	return statFile(name)
}

func (dirStatter) close() {}

// readFile reads a whole file (Linux with the system calls themselves).
func readFile(path string) ([]byte, error) { return os.ReadFile(path) }

// appendFile is readFile reading into buf, from its length on.
func appendFile(buf []byte, path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	return append(buf, data...), err
}

// viewFile returns a file's bytes (read: Linux maps them instead) and the
// function that ends the view.
func viewFile(path string) (data []byte, release func(), err error) {
	data, err = os.ReadFile(path)
	return data, func() {}, err
}

// whileViewing runs read; a read copy cannot fault.
func whileViewing(read func()) (faulted bool) {
	read()
	return false
}

// rename renames a file over another.
func rename(from, to string) error { return os.Rename(from, to) }
