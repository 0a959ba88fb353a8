package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"xlate/pipeline"
)

// progress draws a progress bar on a terminal: the stage, done of total,
// the rate and the time left, redrawn at most ten times a second on one
// line of stderr.
// It draws nothing when stderr is not a terminal or CI is set, and only
// after a run has taken a second, so a quick run prints only its summary.
type progress struct {
	w     io.Writer
	what  string
	on    bool
	start time.Time
	mu    sync.Mutex
	// the stage drawn, and when it began: its rate is its own
	stage      string
	stageStart time.Time
	last       time.Time
	drawn      bool
	noColor    bool
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

// update draws how far a stage is.
func (p *progress) update(st pipeline.ProgressStep) {
	if !p.on || st.Total == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	switch {
	case p.stage == "":
		p.stage, p.stageStart = st.Stage, p.start
	case st.Stage != p.stage: // the stage before ended about now
		p.stage, p.stageStart = st.Stage, now
	}
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond && st.Done < st.Total {
		return
	}
	p.last = now
	p.drawn = true
	fmt.Fprint(p.w, "\r"+p.line(st, now.Sub(p.stageStart)))
}

// line is the bar: "syncing: writing [#######.....] 1200/30000 sections  950/s  9s left".
func (p *progress) line(st pipeline.ProgressStep, took time.Duration) string {
	const width = 24
	fill := width * st.Done / st.Total
	rate := float64(st.Done) / took.Seconds()
	left := ""
	if rate > 0 && st.Done < st.Total {
		left = fmt.Sprintf("  %s left", time.Duration(float64(st.Total-st.Done)/rate*float64(time.Second)).Round(time.Second))
	}
	bar := strings.Repeat("#", fill) + strings.Repeat(".", width-fill)
	if !p.noColor {
		bar = "\x1b[32m" + strings.Repeat("#", fill) + "\x1b[0m" + strings.Repeat(".", width-fill)
	}
	return fmt.Sprintf("%s: %s [%s] %d/%d %s  %.0f/s%s\x1b[K", p.what, st.Stage, bar, st.Done, st.Total, st.Unit, rate, left)
}

// done ends the bar's line.
func (p *progress) done() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
