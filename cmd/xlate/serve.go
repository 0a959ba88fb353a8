package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"xlate/pipeline"
)

// xlate serve builds the site, serves it on localhost, and builds it
// again whenever a page, a catalogue, a layout or the configuration
// changes; the pages open in a browser reload themselves after each
// build. The files on disk are the build's own: the few lines that
// reload a page are added as it is served.

// reloadPath is where a served page listens for builds.
const reloadPath = "/_xlate/events"

// reloadScript is what a served page gets before </body>: it reloads the
// page after a build, and shows a build's error at the top of the page.
const reloadScript = `<script>(function(){var s=new EventSource("` + reloadPath + `");` +
	`s.addEventListener("built",function(){location.reload()});` +
	`s.addEventListener("failed",function(e){var d=document.getElementById("xlate-error")||document.createElement("pre");` +
	`d.id="xlate-error";d.style.cssText="position:fixed;top:0;left:0;right:0;margin:0;padding:1rem;background:#fee;color:#600;white-space:pre-wrap;z-index:9";` +
	`d.textContent=e.data;document.body.prepend(d)})})();</script>`

func runServe(args []string, stderr io.Writer) int {
	fs, pf := newFlagSet("serve", stderr, true)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to serve on (port 0: any free port)")
	allLanguages := fs.Bool("all-languages", false, "publish every page in every language, below the publishing threshold too")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	cfg, ok := pf.readConfig(stderr)
	if !ok {
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "xlate serve: %v\n", err)
		return 2
	}
	s := &server{cfg: cfg, stderr: stderr, clients: map[chan event]bool{}, opt: pipeline.BuildOptions{AllLanguages: *allLanguages}}
	if !s.build() {
		ln.Close()
		return 2
	}
	watcher, err := s.watch()
	if err != nil {
		fmt.Fprintf(stderr, "xlate serve: %v\n", err)
		ln.Close()
		return 2
	}
	defer watcher.Close()
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "xlate: serving %s at http://%s/ (Ctrl-C stops)\n", cfg.Out, ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go s.rebuildOnChange(ctx, watcher)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "xlate serve: %v\n", err)
		return 2
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	s.closeClients()
	srv.Shutdown(shut)
	fmt.Fprintln(stderr, "xlate: stopped")
	return 0
}

type event struct{ name, data string }

type server struct {
	cfg    pipeline.Config
	opt    pipeline.BuildOptions
	stderr io.Writer

	mu      sync.Mutex
	clients map[chan event]bool
}

// build builds the site and tells the open pages; it reports whether the
// build succeeded.
func (s *server) build() bool {
	res, err := pipeline.Build(s.cfg, s.opt)
	if err != nil {
		fmt.Fprintf(s.stderr, "xlate: %v\n", err)
		s.tell(event{"failed", err.Error()})
		return false
	}
	fmt.Fprintf(s.stderr, "xlate: built %s: %d files written, %d unchanged\n", plural(res.Pages, "page"), len(res.Written), res.Unchanged)
	s.tell(event{"built", fmt.Sprint(len(res.Written))})
	return true
}

// watch watches what a build reads: the configuration file's directory,
// the content, the catalogues and the layouts.
func (s *server) watch() (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	for _, dir := range []string{s.cfg.Dir, s.cfg.Path(s.cfg.Content), s.cfg.Path(s.cfg.Locales), s.cfg.Path("layouts")} {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			if err := w.Add(dir); err != nil {
				w.Close()
				return nil, err
			}
		}
	}
	return w, nil
}

// rebuildOnChange builds again after a change to an input, once the
// changes have stopped for a moment (an editor saves in several steps).
func (s *server) rebuildOnChange(ctx context.Context, w *fsnotify.Watcher) {
	out := s.cfg.Path(s.cfg.Out)
	cache := filepath.Join(s.cfg.Dir, ".xlate")
	var timer <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			name := filepath.Clean(ev.Name)
			base := filepath.Base(name)
			if strings.HasPrefix(name, out) || strings.HasPrefix(name, cache) || strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") {
				continue // the build's own files, the cache, editors' temporary files
			}
			if fi, err := os.Stat(name); err == nil && fi.IsDir() && ev.Has(fsnotify.Create) {
				w.Add(name) // a directory made: the layouts, say
			}
			timer = time.After(150 * time.Millisecond)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(s.stderr, "xlate serve: watching: %v\n", err)
		case <-timer:
			timer = nil
			s.build()
		}
	}
}

func (s *server) tell(e event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- e:
		default: // a client that does not keep up misses a build
		}
	}
}

func (s *server) closeClients() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		close(c)
		delete(s.clients, c)
	}
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == reloadPath {
		s.events(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	root := s.cfg.Path(s.cfg.Out)
	name := filepath.Join(root, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		name = filepath.Join(name, "index.html")
	}
	data, err := os.ReadFile(name)
	status := http.StatusOK
	if errors.Is(err, os.ErrNotExist) {
		// the not-found page of the language the address is in
		status = http.StatusNotFound
		lang := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)[0]
		if data, err = os.ReadFile(filepath.Join(root, lang, "404.html")); err != nil {
			data, err = os.ReadFile(filepath.Join(root, "404.html"))
		}
		name = "404.html"
	}
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if strings.HasSuffix(name, ".html") {
		if i := bytes.LastIndex(data, []byte("</body>")); i >= 0 {
			data = append(data[:i:i], append([]byte(reloadScript), data[i:]...)...)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	switch filepath.Ext(name) {
	case ".html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".xml":
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	case ".txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	default:
		w.Header().Set("Content-Type", http.DetectContentType(data))
	}
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// events streams the builds to a page, as server-sent events.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 4)
	s.mu.Lock()
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.clients[c] {
			delete(s.clients, c)
		}
		s.mu.Unlock()
	}()
	fmt.Fprint(w, ": xlate\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-c:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\n", e.name)
			for _, l := range strings.Split(e.data, "\n") {
				fmt.Fprintf(w, "data: %s\n", l)
			}
			fmt.Fprint(w, "\n")
			flusher.Flush()
		}
	}
}
