package generator_test

import (
	"context"
	"os"
	"testing"

	"playbook/generator"
	"playbook/generator/publish"
)

// BenchmarkBuildCorpus builds the corpus named by $PLAYBOOK_CORPUS (made by
// ../shared/bench/gencorpus.go; `make bench` does this) into memory, cold:
// a new Builder every iteration.
func BenchmarkBuildCorpus(b *testing.B) {
	dir := os.Getenv("PLAYBOOK_CORPUS")
	if dir == "" {
		b.Skip("set PLAYBOOK_CORPUS to a corpus from gencorpus.go (make bench)")
	}
	for b.Loop() {
		res, err := generator.Build(context.Background(), generator.Options{Source: dir, Target: publish.NewMemory()})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Stats.Pages), "pages")
	}
}
