package main

import (
	"bufio"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServe starts xlate serve, fetches a page, edits a source page and
// fetches the page again once rebuilt, listens to the reload events, asks
// for an address that does not exist, and stops it.
func TestServe(t *testing.T) {
	dir := project(t)
	cmd := command(t, nil, "serve", "--addr", "127.0.0.1:0", "--config", filepath.Join(dir, "xlate.toml"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	wait := func(pattern string) []string {
		t.Helper()
		re := regexp.MustCompile(pattern)
		deadline := time.After(20 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("xlate serve ended before %q", pattern)
				}
				if m := re.FindStringSubmatch(l); m != nil {
					return m
				}
			case <-deadline:
				t.Fatalf("no %q from xlate serve", pattern)
			}
		}
	}
	base := wait(`serving .* at (http://127\.0\.0\.1:\d+/)`)[1]
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	code, page := get("en/" + seedPage + "/")
	if code != 200 || !strings.Contains(page, "<h1>Division of Pediatric Hematology and Oncology</h1>") || !strings.Contains(page, `new EventSource("/_xlate/events")`) {
		t.Fatalf("GET the page: %d\n%s", code, page)
	}
	if onDisk := readFile(t, filepath.Join(dir, "public", "en", seedPage, "index.html")); strings.Contains(onDisk, "EventSource") {
		t.Error("the reload script reached the file on disk")
	}
	// a page listens to the builds
	events, err := http.Get(base + "_xlate/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	got := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(events.Body)
		for sc.Scan() {
			got <- sc.Text()
		}
	}()
	// an edit of a source page is built and served
	editFile(t, filepath.Join(dir, "content", seedPage+".txt"), "Clinical Services", "Clinical Care")
	wait(`built .*: [1-9]\d* files written`)
	if _, page := get("en/" + seedPage + "/index.html"); !strings.Contains(page, "<h2>Clinical Care</h2>") {
		t.Errorf("the edit is not served:\n%s", page)
	}
	select {
	case l := <-got:
		for l == "" || strings.HasPrefix(l, ":") {
			l = <-got
		}
		if l != "event: built" {
			t.Errorf("the page was told %q; want event: built", l)
		}
	case <-time.After(5 * time.Second):
		t.Error("the page was not told of the build")
	}
	if code, page := get("zh-hans/no-such-page/"); code != 404 || !strings.Contains(page, "找不到页面") {
		t.Errorf("GET a page that does not exist: %d\n%s", code, page)
	}
	if code, _ := get("../../etc/passwd"); code != 404 {
		t.Errorf("GET outside the site: %d", code)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	wait(`stopped`)
	if err := cmd.Wait(); err != nil {
		t.Errorf("xlate serve stopped with %v", err)
	}
	if tmp := temps(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
