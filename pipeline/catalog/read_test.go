package catalog

import (
	"testing"

	"golang.org/x/text/language"
)

// TestControlCharacterAnywhere: a control character is found wherever it
// stands, whatever the bytes around it (the scan reads eight at a time).
func TestControlCharacterAnywhere(t *testing.T) {
	for _, c := range []byte{0, 1, 0x08, 0x0b, 0x1f, 0x7f} {
		for at := 0; at < 24; at++ {
			text := []byte(`# 注释 comment line that is long enough` + "\n")
			text[at] = c
			r := &reader{text: string(text)}
			_, err := r.scan(1)
			if err == nil || err.off != at {
				t.Errorf("U+%04X at %d: %+v", c, at, err)
			}
		}
	}
}

// TestRegionsReadApartFindClashes: reading a file's regions apart keeps
// their table names, and says when a name two regions share could be a
// fault that only a reading of the whole file finds — and only then: two
// pages' messages under one parent table are no fault.
func TestRegionsReadApartFindClashes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parts []string
		apart bool
	}{
		{"distinct messages", []string{"[p1.a]\nother = \"A\"\n", "[p2.b]\nother = \"B\"\n"}, true},
		{"one parent", []string{"[p1.a]\nother = \"A\"\n", "[p1.b]\nother = \"B\"\n"}, true},
		{"a message twice", []string{"[p1.a]\nother = \"A\"\n", "[p1.a]\nother = \"B\"\n"}, false},
		{"a message and a table in it", []string{"[p1.a]\nother = \"A\"\n", "[p1.a.b]\nother = \"B\"\n"}, false},
		{"a top-level key and a table of its name", []string{"p1 = \"A\"\n", "[p1.b]\nother = \"B\"\n"}, false},
		{"a top-level key twice", []string{"p1 = \"A\"\n", "p1 = \"B\"\n"}, false},
	} {
		ns := NewNames()
		apart := true
		for i, text := range tc.parts {
			_, ok, err := ParseRegionNamed("x.toml", language.English, text, Region{Page: "p", Line: 1 + i*10}, ns)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			apart = apart && ok
		}
		if apart != tc.apart {
			t.Errorf("%s: read apart %v, want %v", tc.name, apart, tc.apart)
		}
	}
}
