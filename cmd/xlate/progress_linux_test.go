//go:build linux

package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"xlate/pipeline"
)

// TestProgressOnlyOnATerminal: a pipe, a file or CI get no bar.
func TestProgressOnlyOnATerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for _, out := range []any{w, &bytes.Buffer{}} {
		var buf bytes.Buffer
		p := newProgress(&buf, "building")
		if f, ok := out.(*os.File); ok {
			p = newProgress(f, "building")
		}
		if p.on {
			t.Errorf("a bar on %T", out)
		}
	}
	tty := openTerminal(t)
	t.Setenv("CI", "")
	if !newProgress(tty, "building").on {
		t.Error("no bar on a terminal")
	}
	t.Setenv("CI", "true")
	if newProgress(tty, "building").on {
		t.Error("a bar on a terminal under CI")
	}
}

// openTerminal opens the far end of a new pseudo-terminal.
func openTerminal(t *testing.T) *os.File {
	t.Helper()
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal to test with: %v", err)
	}
	t.Cleanup(func() { ptm.Close() })
	var n uint32
	unlock := int32(0)
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptm.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatal(e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptm.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatal(e)
	}
	pts, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pts.Close() })
	return pts
}

// TestProgressLine: after a second the bar shows pages done of total, the
// rate and the time left, in color unless NO_COLOR is set; a quick run
// draws nothing.
func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, what: "building", on: true, start: time.Now()}
	p.update(pipeline.ProgressStep{Stage: "rendering", Done: 10, Total: 100, Unit: "pages"})
	if buf.Len() > 0 {
		t.Errorf("drawn within the first second: %q", buf.String())
	}
	p.start, p.stageStart = time.Now().Add(-2*time.Second), time.Now().Add(-2*time.Second)
	p.update(pipeline.ProgressStep{Stage: "rendering", Done: 50, Total: 100, Unit: "pages"})
	line := buf.String()
	for _, want := range []string{"building: rendering [", "50/100 pages", "25/s", "2s left", "\x1b[32m"} {
		if !strings.Contains(line, want) {
			t.Errorf("bar %q lacks %q", line, want)
		}
	}
	p.done()
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Errorf("the bar's line is not cleared: %q", buf.String())
	}
	buf.Reset()
	p = &progress{w: &buf, what: "syncing", on: true, start: time.Now().Add(-2 * time.Second), noColor: true}
	p.update(pipeline.ProgressStep{Stage: "writing", Done: 1, Total: 4, Unit: "sections"})
	if strings.Contains(buf.String(), "\x1b[3") || !strings.Contains(buf.String(), "syncing: writing [######") || !strings.Contains(buf.String(), "1/4 sections") {
		t.Errorf("NO_COLOR bar: %q", buf.String())
	}
}
