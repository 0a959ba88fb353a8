package catalog

import (
	"fmt"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Loadable reports whether go-i18n's Bundle can load a catalogue for tag:
// it refuses a language it has no plural rule for (Occitan, oc; Twi, tw),
// so xlate will not write one.
func Loadable(tag language.Tag) error {
	if err := i18n.NewBundle(language.English).AddMessages(tag); err != nil {
		return fmt.Errorf("go-i18n cannot load a catalogue for %s: it has no plural rule for the language", tag)
	}
	return nil
}

// Overlap returns the configured language that tag is a variant of, if
// any: zh-TW, zh-HK and zh-MO beside zh-Hant; zh, zh-CN and zh-SG beside
// zh-Hans; en-GB beside en. Two catalogues for one language would publish
// it twice. A tag that is configured itself overlaps nothing.
func Overlap(tag language.Tag, configured []language.Tag) (language.Tag, bool) {
	for _, c := range configured {
		if c == tag {
			return language.Und, false
		}
	}
	base, _ := tag.Base()
	script, _ := tag.Script()
	for _, c := range configured {
		cb, _ := c.Base()
		cs, _ := c.Script()
		if cb != base || cs != script {
			continue
		}
		// the configured tag covers the variant when it names no region
		// of its own (zh-Hant covers zh-TW, but zh-TW does not cover zh-HK)
		if _, conf := c.Region(); conf != language.Exact {
			return c, true
		}
	}
	return language.Und, false
}
