package pipeline

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"xlate/pipeline/source"
)

// A build writes only into its output directory, and a run reads only
// regular files inside the project. These guards refuse, before anything
// is written, what would break that.

// realPath resolves a path as far as it exists, so that links and ".."
// cannot hide where it leads.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest)
		}
		if dir == filepath.Dir(dir) {
			return abs
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkOut refuses an output directory a build must not write into: the
// root, the user's home, the project directory or one holding it, and the
// content or catalogue directories or any directory inside them.
func checkOut(cfg Config) error {
	out := realPath(cfg.Path(cfg.Out))
	project := realPath(cfg.Dir)
	refuse := func(why string) error {
		return source.Errorf(source.Pos{File: cfg.Out}, "refusing to build into %s: %s; choose another out (in xlate.toml or --out)", out, why)
	}
	if out == filepath.Dir(out) {
		return refuse("it is the root of the file system")
	}
	if home, err := os.UserHomeDir(); err == nil && out == realPath(home) {
		return refuse("it is your home directory")
	}
	if within(project, out) {
		return refuse("it holds the project (xlate.toml, content, catalogues)")
	}
	for _, d := range []string{cfg.Content, cfg.Locales, filepath.Join(cfg.Dir, ".xlate")} {
		if within(out, realPath(cfg.Path(d))) {
			return refuse(fmt.Sprintf("it is inside %s, which the build reads", d))
		}
	}
	return nil
}

// checkPage refuses a content file that is not a regular file inside the
// content directory: a link that leads out of it, a named pipe, a device,
// a socket. Reading those could hang a build, exhaust its memory or
// publish a file from elsewhere on the machine.
func checkPage(cfg Config, name string, de fs.DirEntry) error {
	pos := source.Pos{File: name}
	switch t := de.Type(); {
	case t.IsRegular():
		return nil
	case t&fs.ModeSymlink != 0:
		path := cfg.Path(name)
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return source.Errorf(pos, "a link that leads nowhere: %v", err)
		}
		if !within(target, realPath(cfg.Path(cfg.Content))) {
			return source.Errorf(pos, "a link to %s, outside %s; copy the page into %s instead", target, cfg.Content, cfg.Content)
		}
		fi, err := os.Stat(target)
		if err != nil || !fi.Mode().IsRegular() {
			return source.Errorf(pos, "a link to %s, which is not a regular file", target)
		}
		return nil
	case t&fs.ModeNamedPipe != 0:
		return source.Errorf(pos, "a named pipe, not a page; xlate reads regular files only")
	case t&fs.ModeSocket != 0:
		return source.Errorf(pos, "a socket, not a page; xlate reads regular files only")
	case t&fs.ModeDevice != 0 || t&fs.ModeCharDevice != 0:
		return source.Errorf(pos, "a device, not a page; xlate reads regular files only")
	}
	return source.Errorf(pos, "not a regular file; xlate reads regular files only")
}

// checkBaseURL requires an absolute http or https URL ending in "/".
func checkBaseURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("base_url %q must start with https:// or http://", s)
	case u.Host == "":
		return fmt.Errorf("base_url %q has no host", s)
	case !strings.HasSuffix(u.Path, "/") || u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("base_url %q must end in \"/\" (the site's root, with no query or fragment)", s)
	}
	return nil
}

// removeTempsUnder removes the temporary files a killed build left in the
// output directory.
func removeTempsUnder(dir string) {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(d.Name(), tempMark) {
			os.Remove(path)
		}
		return nil
	})
}
