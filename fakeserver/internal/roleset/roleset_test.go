package roleset

import (
	"strconv"
	"testing"
)

func TestInternSharesEqualListsAndStopsGrowingAtItsBound(t *testing.T) {
	t.Parallel()
	tab := Table{}
	a := tab.Intern([]string{"admin", "viewer"})
	b := tab.Intern([]string{"admin", "viewer"})
	if &a[0] != &b[0] {
		t.Error("two equal lists are not one")
	}
	// "ab" and "a","b" are different lists, whatever their letters.
	if c := tab.Intern([]string{"ab"}); len(c) != 1 || &c[0] == &tab.Intern([]string{"a", "b"})[0] {
		t.Error("lists with the same letters were shared")
	}
	for i := range 2 * maxSets {
		tab.Intern([]string{strconv.Itoa(i)})
	}
	if len(tab) != maxSets {
		t.Errorf("%d lists kept, want at most %d", len(tab), maxSets)
	}
	if got := tab.Intern([]string{"new"}); len(got) != 1 || got[0] != "new" {
		t.Errorf("a list past the bound came back as %q", got)
	}
}
