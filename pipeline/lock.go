package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A run that writes catalogues holds the project's lock, .xlate/lock
// beside the configuration file: a second one fails at once and names the
// first. The lock is an advisory lock on the file, which the system
// releases when its holder ends however it ends, so the lock of a killed
// run is simply free; the file's text only says who holds it.

// Lock is a held project lock.
type Lock struct {
	f *os.File
}

// LockError is a lock another run holds.
type LockError struct {
	Path   string
	Holder string // "xlate sync (pid 123 on host, since 15:04:05)", or "" if unknown
}

func (e *LockError) Error() string {
	if e.Holder == "" {
		return fmt.Sprintf("%s: another xlate run holds the project's lock", e.Path)
	}
	return fmt.Sprintf("%s: the project is locked by %s; wait for it to finish", e.Path, e.Holder)
}

type lockHolder struct {
	Command string    `json:"command"`
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Since   time.Time `json:"since"`
}

// LockProject takes the project's lock for command, or returns a
// *LockError naming the holder.
func LockProject(cfg Config, command string) (*Lock, error) { return lockFile(cfg, "lock", command) }

// lockFile takes one of the project's locks (.xlate/<name>): the project
// lock, which writers of catalogues hold, or the build lock, which keeps
// two builds out of each other's files.
func lockFile(cfg Config, name, command string) (*Lock, error) {
	dir := filepath.Join(cfg.Dir, ".xlate")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		data, _ := os.ReadFile(path)
		f.Close()
		var h lockHolder
		holder := ""
		if json.Unmarshal(data, &h) == nil && h.PID != 0 {
			holder = fmt.Sprintf("%s (pid %d on %s, since %s)", h.Command, h.PID, h.Host, h.Since.Local().Format("2006-01-02 15:04:05"))
		}
		rel := path
		if r, err := filepath.Rel(cfg.Dir, path); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
		return nil, &LockError{Path: rel, Holder: holder}
	}
	host, _ := os.Hostname()
	data, _ := json.Marshal(lockHolder{Command: command, PID: os.Getpid(), Host: host, Since: time.Now()})
	if err := f.Truncate(0); err == nil {
		f.WriteAt(append(data, '\n'), 0)
	}
	return &Lock{f: f}, nil
}

// Unlock releases the lock.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := errors.Join(unlock(l.f), l.f.Close())
	l.f = nil
	return err
}
