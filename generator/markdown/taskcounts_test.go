package markdown

import (
	"strings"
	"testing"
)

// TestTaskCountsCountLeaves checks TaskCounts against Leaves: items with
// sub-items do not count, ticked leaves count as done, on a short list
// and on one of more than 64 tasks.
func TestTaskCountsCountLeaves(t *testing.T) {
	long := strings.Repeat("- [x] Parent\n  - [ ] Child\n  - [x] Other child\n", 30)
	for _, src := range []string{
		"- [ ] Prepare\n  - [x] Read the notes\n  - [ ] Book a room\n- [x] Follow up\n- [ ] Close\n",
		long,
		"No tasks here.\n",
	} {
		d := New(Options{}).Parse([]byte(src))
		wantTotal, wantDone := 0, 0
		for _, l := range d.Leaves() {
			wantTotal++
			if l.Default() {
				wantDone++
			}
		}
		total, done := d.TaskCounts()
		if total != wantTotal || done != wantDone {
			t.Errorf("%d tasks: TaskCounts = %d, %d; leaves say %d, %d", len(d.Tasks), total, done, wantTotal, wantDone)
		}
	}
	d := New(Options{}).Parse([]byte(long))
	if total, done := d.TaskCounts(); total != 60 || done != 30 {
		t.Errorf("long list: %d, %d; want 60, 30", total, done)
	}
}
