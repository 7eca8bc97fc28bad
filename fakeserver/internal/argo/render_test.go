package argo

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
	"github.com/tenantkit/tenantkit/internal/testkit"
)

// The real server's view types (app/tenants/model.go, respond/respond.go),
// rendered with encoding/json as it renders them: the reference the
// hand-written writers must match byte for byte.
type (
	refEnvelope struct {
		Status refStatus `json:"status"`
		Data   any       `json:"data,omitempty"`
		Errors any       `json:"errors,omitempty"`
	}
	refStatus struct {
		Message string `json:"message,omitempty"`
		Code    string `json:"code,omitempty"`
		Details string `json:"details,omitempty"`
	}
	refUser struct {
		ID     string   `json:"id"`
		Name   string   `json:"name"`
		Email  string   `json:"email"`
		APIkey string   `json:"api_key"`
		Roles  []string `json:"roles,omitempty"`
	}
	refTenant struct {
		ID       string    `json:"id"`
		Info     Info      `json:"info"`
		DbConf   []DBConf  `json:"db_conf,omitempty"`
		Topology Topology  `json:"topology"`
		Users    []refUser `json:"users,omitempty"`
	}
	refStatusItem struct {
		ID     string `json:"id"`
		Info   Info   `json:"info"`
		Status Status `json:"status"`
	}
	refLinks struct {
		ID    string `json:"id"`
		Links struct {
			Self string `json:"self"`
		} `json:"links"`
	}
)

// trickyStrings covers every branch of encoding/json's string escaping.
var trickyStrings = []string{
	"", "plain", "<b>&amp;</b>", `quote " back \ slash`, "tab\tnew\nline\rcr", "\b\f\x00\x1f\x7f",
	"caf\u00e9 \u2028\u2029 \U0001F600", "bad \xff\xfe utf8", "\xe2\x80", "'single'", "a/b",
}

func randString(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return trickyStrings[r.IntN(len(trickyStrings))]
	}
	b := make([]byte, r.IntN(12))
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return string(b)
}

func randTenant(r *rand.Rand) (*tenant, refTenant) {
	s := func() string { return randString(r) }
	t := &tenant{tenantDoc: &tenantDoc{id: s(), info: Info{s(), s(), s(), s(), s(), s(), s()}, topology: Topology{s(), s()}}}
	ref := refTenant{ID: t.id, Info: t.info, Topology: t.topology}
	for range r.IntN(3) {
		c := DBConf{s(), s(), r.IntN(1<<20) - 1000, s(), s(), s()}
		t.dbConf = append(t.dbConf, c)
		ref.DbConf = append(ref.DbConf, c)
	}
	switch r.IntN(3) {
	case 0:
	case 1:
		t.users = []*tenantUser{}
	default:
		for range 1 + r.IntN(3) {
			var roles []string
			for range r.IntN(3) {
				roles = append(roles, s())
			}
			u := newTenantUser(t, s(), s(), s(), s(), roles)
			t.users = append(t.users, u)
			ref.Users = append(ref.Users, refUser{u.id, u.name, u.email, u.apiKey, u.roles})
		}
	}
	return t, ref
}

func refJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWritersMatchEncodingJSON(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		var ts []tenant
		refs := []refTenant{}
		for range r.IntN(4) {
			tn, ref := randTenant(r)
			ts = append(ts, *tn)
			refs = append(refs, ref)
		}
		msg := randString(r)

		b := envelopeData(envelope(nil, msg, 200))
		b, arr := wire.Indented.OpenArray(b, 1)
		for j := range ts {
			b = appendTenant(arr.Next(b), ts[j].tenantDoc, 2)
		}
		got := string(envelopeEnd(arr.Close(b)))
		want := refJSON(t, refEnvelope{Status: refStatus{Message: msg, Code: "200"}, Data: refs})
		if diff := testkit.Diff(want, got); diff != "" {
			t.Fatalf("case %d: tenant list (-encoding/json +fake):\n%s", i, diff)
		}

		if len(ts) > 0 {
			// Users lists: nil is null, empty is [].
			var refUsers []refUser
			if ts[0].users != nil {
				refUsers = []refUser{}
			}
			for _, u := range ts[0].users {
				refUsers = append(refUsers, refUser{u.id, u.name, u.email, u.apiKey, u.roles})
			}
			got = string(envelopeEnd(appendUsers(envelopeData(envelope(nil, "Success", 200)), ts[0].users, 1)))
			want = refJSON(t, refEnvelope{Status: refStatus{Message: "Success", Code: "200"}, Data: refUsers})
			if diff := testkit.Diff(want, got); diff != "" {
				t.Fatalf("case %d: users list (-encoding/json +fake):\n%s", i, diff)
			}
			for j, u := range ts[0].users {
				got = string(appendUser(nil, u, 0))
				if diff := testkit.Diff(refJSON(t, refUsers[j]), got); diff != "" {
					t.Fatalf("case %d: flat user (-encoding/json +fake):\n%s", i, diff)
				}
			}
		}

		id, self := randString(r), randString(r)
		ref := refLinks{ID: id}
		ref.Links.Self = self
		want = refJSON(t, refEnvelope{Status: refStatus{Message: msg, Code: "201"}, Data: ref})
		if diff := testkit.Diff(want, string(createdBody(nil, msg, id, self))); diff != "" {
			t.Fatalf("case %d: created body (-encoding/json +fake):\n%s", i, diff)
		}

		key := randString(r)
		errs := []refStatus{{"Conflict", "409", detailsKeyTaken + key}}
		want = refJSON(t, refEnvelope{Status: refStatus{Message: "Conflict", Code: "409"}, Errors: errs})
		if diff := testkit.Diff(want, string(keyTakenBody(key, false))); diff != "" {
			t.Fatalf("case %d: key conflict (-encoding/json +fake):\n%s", i, diff)
		}
	}
}

func TestStatusWriterMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	flip := func() bool { return r.IntN(4) != 0 }
	node := func() AMSNode { return AMSNode{flip(), flip(), flip(), r.Int64() - r.Int64()} }
	for i := range 300 {
		var st Status
		st.AMS.MetricData, st.AMS.SyncData = node(), node()
		st.HDFS.MetricData, st.EngineConfig, st.LastCheck = flip(), flip(), randString(r)
		switch r.IntN(3) {
		case 0:
		case 1:
			st.HDFS.SyncData = map[string]HDFSSync{}
		default:
			st.HDFS.SyncData = map[string]HDFSSync{}
			for range 1 + r.IntN(4) {
				st.HDFS.SyncData[strings.ToValidUTF8(randString(r), "\ufffd")] = HDFSSync{flip(), flip(), flip(), flip(), flip(), flip(), flip(), flip(), flip()}
			}
		}
		tn := tenant{tenantDoc: &tenantDoc{id: randString(r), info: Info{Name: randString(r), Updated: randString(r)}}, status: st}
		ref := refStatusItem{ID: tn.id, Info: tn.info, Status: st}
		ref.Status.TotalStatus = st.total()
		want := refJSON(t, refEnvelope{Status: refStatus{Message: "Success", Code: "200"}, Data: []refStatusItem{ref}})
		b := envelopeData(envelope(nil, "Success", 200))
		b, arr := wire.Indented.OpenArray(b, 1)
		b = appendStatusItem(arr.Next(b), &tn, 2)
		if diff := testkit.Diff(want, string(envelopeEnd(arr.Close(b)))); diff != "" {
			t.Fatalf("case %d: status (-encoding/json +fake):\n%s", i, diff)
		}
	}
}
