package catalog

import (
	"sort"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Messages returns the catalogue's entries as go-i18n messages, sorted by
// ID: what an application that loads the file with go-i18n sees.
func (c *Catalog) Messages() []*i18n.Message {
	var out []*i18n.Message
	for _, e := range c.Entries {
		m := &i18n.Message{ID: e.ID, Description: e.Description, Hash: e.Hash}
		for _, it := range e.body {
			switch it.key {
			case "leftdelim":
				m.LeftDelim = it.value
			case "rightdelim":
				m.RightDelim = it.value
			case "zero":
				m.Zero = it.value
			case "one":
				m.One = it.value
			case "two":
				m.Two = it.value
			case "few":
				m.Few = it.value
			case "many":
				m.Many = it.value
			case "other":
				m.Other = it.value
			}
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
