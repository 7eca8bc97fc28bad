package fakeserver

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

// The real server's view types (app/tenants/model.go, respond/respond.go),
// rendered with encoding/json as it renders them: the reference the
// hand-written writers must match byte for byte.
type (
	argoRefEnvelope struct {
		Status argoRefStatus `json:"status"`
		Data   any           `json:"data,omitempty"`
		Errors any           `json:"errors,omitempty"`
	}
	argoRefStatus struct {
		Message string `json:"message,omitempty"`
		Code    string `json:"code,omitempty"`
		Details string `json:"details,omitempty"`
	}
	argoRefUser struct {
		ID     string   `json:"id"`
		Name   string   `json:"name"`
		Email  string   `json:"email"`
		APIkey string   `json:"api_key"`
		Roles  []string `json:"roles,omitempty"`
	}
	argoRefTenant struct {
		ID       string        `json:"id"`
		Info     argoInfo      `json:"info"`
		DbConf   []argoDBConf  `json:"db_conf,omitempty"`
		Topology argoTopology  `json:"topology"`
		Users    []argoRefUser `json:"users,omitempty"`
	}
	argoRefStatusItem struct {
		ID     string     `json:"id"`
		Info   argoInfo   `json:"info"`
		Status argoStatus `json:"status"`
	}
	argoRefLinks struct {
		ID    string `json:"id"`
		Links struct {
			Self string `json:"self"`
		} `json:"links"`
	}
)

// argoTrickyStrings covers every branch of encoding/json's string escaping.
var argoTrickyStrings = []string{
	"", "plain", "<b>&amp;</b>", `quote " back \ slash`, "tab\tnew\nline\rcr", "\b\f\x00\x1f\x7f",
	"caf\u00e9 \u2028\u2029 \U0001F600", "bad \xff\xfe utf8", "\xe2\x80", "'single'", "a/b",
}

func argoRandString(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return argoTrickyStrings[r.IntN(len(argoTrickyStrings))]
	}
	b := make([]byte, r.IntN(12))
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return string(b)
}

func argoRandTenant(r *rand.Rand) (*argoTenant, argoRefTenant) {
	s := func() string { return argoRandString(r) }
	t := &argoTenant{argoTenantDoc: &argoTenantDoc{id: s(), info: argoInfo{s(), s(), s(), s(), s(), s(), s()}, topology: argoTopology{s(), s()}}}
	ref := argoRefTenant{ID: t.id, Info: t.info, Topology: t.topology}
	for range r.IntN(3) {
		c := argoDBConf{s(), s(), r.IntN(1<<20) - 1000, s(), s(), s()}
		t.dbConf = append(t.dbConf, c)
		ref.DbConf = append(ref.DbConf, c)
	}
	switch r.IntN(3) {
	case 0:
	case 1:
		t.users = []*argoUser{}
	default:
		for range 1 + r.IntN(3) {
			var roles []string
			for range r.IntN(3) {
				roles = append(roles, s())
			}
			u := newArgoUser(t, s(), s(), s(), s(), roles)
			t.users = append(t.users, u)
			ref.Users = append(ref.Users, argoRefUser{u.id, u.name, u.email, u.apiKey, u.roles})
		}
	}
	return t, ref
}

func argoRefJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestArgoWritersMatchEncodingJSON(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		var ts []argoTenant
		refs := []argoRefTenant{}
		for range r.IntN(4) {
			tn, ref := argoRandTenant(r)
			ts = append(ts, *tn)
			refs = append(refs, ref)
		}
		msg := argoRandString(r)

		b := argoEnvelopeData(argoEnvelope(nil, msg, 200))
		b, arr := wire.Indented.OpenArray(b, 1)
		for j := range ts {
			b = appendArgoTenant(arr.Next(b), ts[j].argoTenantDoc, 2)
		}
		got := string(argoEnvelopeEnd(arr.Close(b)))
		want := argoRefJSON(t, argoRefEnvelope{Status: argoRefStatus{Message: msg, Code: "200"}, Data: refs})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("case %d: tenant list (-encoding/json +fake):\n%s", i, diff)
		}

		if len(ts) > 0 {
			// Users lists: nil is null, empty is [].
			var refUsers []argoRefUser
			if ts[0].users != nil {
				refUsers = []argoRefUser{}
			}
			for _, u := range ts[0].users {
				refUsers = append(refUsers, argoRefUser{u.id, u.name, u.email, u.apiKey, u.roles})
			}
			got = string(argoEnvelopeEnd(appendArgoUsers(argoEnvelopeData(argoEnvelope(nil, "Success", 200)), ts[0].users, 1)))
			want = argoRefJSON(t, argoRefEnvelope{Status: argoRefStatus{Message: "Success", Code: "200"}, Data: refUsers})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("case %d: users list (-encoding/json +fake):\n%s", i, diff)
			}
			for j, u := range ts[0].users {
				got = string(appendArgoUser(nil, u, 0))
				if diff := cmp.Diff(argoRefJSON(t, refUsers[j]), got); diff != "" {
					t.Fatalf("case %d: flat user (-encoding/json +fake):\n%s", i, diff)
				}
			}
		}

		id, self := argoRandString(r), argoRandString(r)
		ref := argoRefLinks{ID: id}
		ref.Links.Self = self
		want = argoRefJSON(t, argoRefEnvelope{Status: argoRefStatus{Message: msg, Code: "201"}, Data: ref})
		if diff := cmp.Diff(want, string(argoCreatedBody(nil, msg, id, self))); diff != "" {
			t.Fatalf("case %d: created body (-encoding/json +fake):\n%s", i, diff)
		}

		key := argoRandString(r)
		errs := []argoRefStatus{{"Conflict", "409", argoDetailsKeyTaken + key}}
		want = argoRefJSON(t, argoRefEnvelope{Status: argoRefStatus{Message: "Conflict", Code: "409"}, Errors: errs})
		if diff := cmp.Diff(want, string(argoKeyTakenBody(key, false))); diff != "" {
			t.Fatalf("case %d: key conflict (-encoding/json +fake):\n%s", i, diff)
		}
	}
}

func TestArgoStatusWriterMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	flip := func() bool { return r.IntN(4) != 0 }
	node := func() argoAMSNode { return argoAMSNode{flip(), flip(), flip(), r.Int64() - r.Int64()} }
	for i := range 300 {
		var st argoStatus
		st.AMS.MetricData, st.AMS.SyncData = node(), node()
		st.HDFS.MetricData, st.EngineConfig, st.LastCheck = flip(), flip(), argoRandString(r)
		switch r.IntN(3) {
		case 0:
		case 1:
			st.HDFS.SyncData = map[string]argoHDFSSync{}
		default:
			st.HDFS.SyncData = map[string]argoHDFSSync{}
			for range 1 + r.IntN(4) {
				st.HDFS.SyncData[strings.ToValidUTF8(argoRandString(r), "\ufffd")] = argoHDFSSync{flip(), flip(), flip(), flip(), flip(), flip(), flip(), flip(), flip()}
			}
		}
		tn := argoTenant{argoTenantDoc: &argoTenantDoc{id: argoRandString(r), info: argoInfo{Name: argoRandString(r), Updated: argoRandString(r)}}, status: st}
		ref := argoRefStatusItem{ID: tn.id, Info: tn.info, Status: st}
		ref.Status.TotalStatus = st.total()
		want := argoRefJSON(t, argoRefEnvelope{Status: argoRefStatus{Message: "Success", Code: "200"}, Data: []argoRefStatusItem{ref}})
		b := argoEnvelopeData(argoEnvelope(nil, "Success", 200))
		b, arr := wire.Indented.OpenArray(b, 1)
		b = appendArgoStatusItem(arr.Next(b), &tn, 2)
		if diff := cmp.Diff(want, string(argoEnvelopeEnd(arr.Close(b)))); diff != "" {
			t.Fatalf("case %d: status (-encoding/json +fake):\n%s", i, diff)
		}
	}
}
