package kincheck

import (
	"testing"

	"github.com/tenantkit/tenantkit/internal/spectest"
)

// BenchmarkCheck measures one check of an exchange, over the exchanges the
// fake answered in the corpus: the reference built on kin-openapi (the
// baseline: what spectest cost before) and spectest.
func BenchmarkCheck(b *testing.B) {
	recorded := recordCorpus(b)
	b.Run("kin-openapi", func(b *testing.B) {
		k := newKinChecker(b)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if j := k.judge(recorded[i%len(recorded)]); j.kin.bad() {
				b.Fatal("a recorded exchange breaks the spec")
			}
		}
	})
	b.Run("spectest", func(b *testing.B) {
		c, err := spectest.New()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			req, resp := recorded[i%len(recorded)].pair()
			if vs := c.Check(req, resp); len(vs) > 0 {
				b.Fatal(vs)
			}
		}
	})
}
