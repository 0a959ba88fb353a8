package pipeline

import (
	"os"
	"path/filepath"
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
