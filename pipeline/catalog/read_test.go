package catalog

import "testing"

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
