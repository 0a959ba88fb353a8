package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress draws a progress bar on a terminal: done of total, the rate and
// the time left, redrawn at most ten times a second on one line of stderr.
// It draws nothing when stderr is not a terminal or CI is set, and only
// after a run has taken a second, so a quick run prints only its summary.
type progress struct {
	w       io.Writer
	what    string
	on      bool
	start   time.Time
	mu      sync.Mutex
	last    time.Time
	drawn   bool
	noColor bool
}

func newProgress(w io.Writer, what string) *progress {
	p := &progress{w: w, what: what, start: time.Now(), noColor: os.Getenv("NO_COLOR") != ""}
	if f, ok := w.(*os.File); ok && os.Getenv("CI") == "" && os.Getenv("TERM") != "dumb" {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	if !p.on || total == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last = now
	p.drawn = true
	fmt.Fprint(p.w, "\r"+p.line(done, total, now.Sub(p.start)))
}

// line is the bar: "building [#######.....] 1200/10000 pages  950/s  9s left".
func (p *progress) line(done, total int, took time.Duration) string {
	const width = 24
	fill := width * done / total
	rate := float64(done) / took.Seconds()
	left := ""
	if rate > 0 && done < total {
		left = fmt.Sprintf("  %s left", (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second))
	}
	bar := strings.Repeat("#", fill) + strings.Repeat(".", width-fill)
	if !p.noColor {
		bar = "\x1b[32m" + strings.Repeat("#", fill) + "\x1b[0m" + strings.Repeat(".", width-fill)
	}
	return fmt.Sprintf("%s [%s] %d/%d pages  %.0f/s%s\x1b[K", p.what, bar, done, total, rate, left)
}

// done ends the bar's line.
func (p *progress) done() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
