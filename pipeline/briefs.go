package pipeline

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"

	"xlate/pipeline/catalog"
)

// The translation memory of a language draws on every page of its
// catalogue. So that a sync which recomputes a few pages need not read the
// others, the cache keeps compact briefs of each region's reviewed
// translations (see catalog.MemoryUnit) in one file per catalogue, and the
// sync state says where each region's briefs lie; the memory reads in full
// only the few entries a search finds.

// memoryFile holds the briefs of a catalogue's translation memory, region
// by region (see regionState.MemOff).
func (s *syncer) memoryFile(cf *catFile) string {
	return filepath.Join(s.cfg.CacheDir(), "memory-"+cf.tag.String())
}

// memory makes the translation memory of a language as its catalogue was
// read: the briefs of each region from the regions read, from the cache,
// or by reading the region.
func (s *syncer) memory(tag language.Tag) (*catalog.Memory, error) {
	var cf *catFile
	for _, c := range s.cats {
		if c.tag == tag {
			cf = c
		}
	}
	if cf == nil || !cf.exists {
		return catalog.NewMemory(nil, nil), nil
	}
	if cf.memo != nil {
		return cf.memo, nil
	}
	mf, _ := os.Open(s.memoryFile(cf))
	if mf != nil {
		defer mf.Close()
	}
	var units []catalog.MemoryUnit
	for i, r := range cf.regions {
		if !isPage(r.Page) && r.Page != catalog.Obsolete {
			continue
		}
		if us, ok := cf.briefs[r.Page]; ok {
			units = append(units, us...)
			continue
		}
		if us, ok := readBriefs(mf, r); ok {
			units = append(units, us...)
			continue
		}
		part, err := s.parseRegion(cf, i)
		if err != nil {
			return nil, err
		}
		us := catalog.MemoryUnits(part.Entries)
		cf.briefs[r.Page] = us
		units = append(units, us...)
	}
	cache := map[string][]*catalog.Entry{} // regions read for the search
	cf.memo = catalog.NewMemory(units, func(id string) (*catalog.Entry, error) {
		page, _, _ := strings.Cut(id, ".")
		for _, p := range []string{page, catalog.Obsolete} {
			es, ok := cache[p]
			if !ok {
				if i, found := cf.byPageIndex(p); found {
					part, err := s.parseRegion(cf, i)
					if err != nil {
						return nil, err
					}
					es = part.Entries
				}
				if len(cache) > 256 {
					clear(cache)
				}
				cache[p] = es
			}
			for _, e := range es {
				if e.ID == id {
					return e, nil
				}
			}
		}
		return nil, fmt.Errorf("%s: no entry %s", cf.name, id)
	})
	return cf.memo, nil
}

func (cf *catFile) byPageIndex(page string) (int, bool) {
	cf.region(page) // builds the index
	i, ok := cf.byPage[page]
	return i, ok
}

// readBriefs reads the memory briefs of a region from the memory file.
func readBriefs(mf *os.File, r regionState) ([]catalog.MemoryUnit, bool) {
	if mf == nil || r.MemLen < 32 {
		return nil, false
	}
	buf := make([]byte, r.MemLen)
	if _, err := mf.ReadAt(buf, r.MemOff); err != nil || !bytes.Equal(buf[:32], r.Hash[:]) {
		return nil, false
	}
	us, err := catalog.DecodeUnits(buf[32:])
	return us, err == nil
}

// saveBriefs stores the memory briefs of the regions of a catalogue that
// the memory file lacks, after the sync that wrote them: units gives the
// briefs of a region the sync made. The file only grows; when more than
// half of it is briefs of regions gone, it is written anew.
func (s *syncer) saveBriefs(cf *catFile, regions []regionState, units func(page string) ([]byte, bool)) {
	path := s.memoryFile(cf)
	old, _ := os.Open(path)
	if old != nil {
		defer old.Close()
	}
	var live int64
	var fresh bytes.Buffer
	size := int64(0)
	if old != nil {
		if fi, err := old.Stat(); err == nil {
			size = fi.Size()
		}
	}
	for i, r := range regions {
		if !isPage(r.Page) && r.Page != catalog.Obsolete {
			continue
		}
		if _, ok := readBriefs(old, r); ok {
			live += r.MemLen
			continue
		}
		us, ok := units(r.Page)
		if !ok {
			continue
		}
		blob := append(r.Hash[:], us...)
		regions[i].MemOff, regions[i].MemLen = size+int64(fresh.Len()), int64(len(blob))
		fresh.Write(blob)
		live += int64(len(blob))
	}
	if size+int64(fresh.Len()) > 2*live+1<<20 {
		// mostly briefs of regions gone: write the live ones anew
		var all bytes.Buffer
		for i, r := range regions {
			if r.MemLen == 0 {
				continue
			}
			var blob []byte
			if r.MemOff >= size {
				blob = fresh.Bytes()[r.MemOff-size : r.MemOff-size+r.MemLen]
			} else if b := make([]byte, r.MemLen); old != nil {
				if _, err := old.ReadAt(b, r.MemOff); err == nil {
					blob = b
				}
			}
			if blob == nil {
				regions[i].MemOff, regions[i].MemLen = 0, 0
				continue
			}
			regions[i].MemOff = int64(all.Len())
			all.Write(blob)
		}
		os.MkdirAll(s.cfg.CacheDir(), 0o755)
		writeFile(path, all.Bytes())
		return
	}
	if fresh.Len() == 0 {
		return
	}
	os.MkdirAll(s.cfg.CacheDir(), 0o755)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		clearBriefs(regions, size)
		return
	}
	defer f.Close()
	if _, err := f.WriteAt(fresh.Bytes(), size); err != nil {
		clearBriefs(regions, size)
	}
}

// clearBriefs forgets the briefs that could not be written.
func clearBriefs(regions []regionState, from int64) {
	for i := range regions {
		if regions[i].MemOff >= from {
			regions[i].MemOff, regions[i].MemLen = 0, 0
		}
	}
}
