package pipeline

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestViewOfAFileCutShort: a file cut short while it is viewed faults the
// reading of its view, which whileViewing reports instead of crashing; an
// untouched view reads the file's bytes.
func TestViewOfAFileCutShort(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zh-Hans.toml")
	text := strings.Repeat("[p.a]\nother = \"病房\"\n", 2000) // some pages
	os.WriteFile(path, []byte(text), 0o644)
	data, release, err := viewFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if whileViewing(func() { got = string(data) }) || got != text {
		t.Fatalf("the view read otherwise")
	}
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	var sum byte
	faulted := whileViewing(func() {
		for _, c := range data {
			sum += c
		}
	})
	release()
	if !faulted {
		t.Errorf("reading the view of a file cut to nothing did not fault")
	}
}

// TestReadFileIsOSReadFile: readFile reads what os.ReadFile reads, files
// empty, small and large, one whose size the system does not tell (a /proc
// file), and fails as it does on a file that is not there.
func TestReadFileIsOSReadFile(t *testing.T) {
	dir := t.TempDir()
	paths := []string{"/proc/self/maps"}
	for i, n := range []int{0, 1, 511, 512, 513, 70000} {
		p := filepath.Join(dir, strconv.Itoa(i))
		os.WriteFile(p, []byte(strings.Repeat("页x", n)[:n]), 0o644)
		paths = append(paths, p)
	}
	for _, p := range paths {
		got, err := readFile(p)
		want, werr := os.ReadFile(p)
		if err != nil || werr != nil || len(got) == 0 && len(want) > 0 || p != paths[0] && string(got) != string(want) {
			t.Errorf("%s: read %d bytes (%v), os.ReadFile %d (%v)", p, len(got), err, len(want), werr)
		}
	}
	// read into a buffer, after what it holds
	buf := []byte("kept:")
	buf, err := appendFile(buf, paths[len(paths)-1])
	if want, _ := os.ReadFile(paths[len(paths)-1]); err != nil || string(buf) != "kept:"+string(want) {
		t.Errorf("appendFile: %d bytes (%v), want kept: and %d", len(buf), err, len(want))
	}
	_, err = readFile(filepath.Join(dir, "none"))
	_, werr := os.ReadFile(filepath.Join(dir, "none"))
	if err == nil || err.Error() != werr.Error() {
		t.Errorf("a missing file: %v, want %v", err, werr)
	}
}
