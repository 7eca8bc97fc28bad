package bench_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/fakeserver"
	"github.com/tenantkit/tenantkit/roles"
	"github.com/tenantkit/tenantkit/users"
)

// How many users each run of BenchmarkBulkInvite invites: the bulk ways
// bulkInvited, the loop over Invite loopInvited (its cost per user does not
// depend on how many it invites, and at 100,000 users a hundred would take
// most of a minute).
const (
	bulkInvited = 100
	loopInvited = 10
)

// BenchmarkBulkInvite invites new users into organizations of 1,000, 10,000
// and 100,000 users on the fake, three ways, and reports
// what each costs per invited user: requests sent ("req/user") and user
// records read from the users list ("records/user"), counted on the wire
// by the client's transport, and time ("ns/user").
//
//   - invite-loop, the baseline: users.Astra.Invite once per user (role
//     names resolved, the invitation, then the user found by email in the
//     whole list: three requests and about M records a user);
//   - invite-many: users.Astra.InviteMany (one roles list, the invitations,
//     one users list read back);
//   - sync-access: users.Astra.SyncAccess of an Access naming the new
//     users (its plan reads the roles and the users once, then it invites
//     and reads back once).
//
// Every run starts from the same organization (a snapshot restored
// outside the timer). Goals (bench/summary): N + O(1) requests for N
// invited users (at most N + 4: the roles, the users, the read-back and
// the organization's ID), and O(N + M) records read (at most 2(M + N)).
func BenchmarkBulkInvite(b *testing.B) {
	for _, m := range []int{1_000, 10_000, 100_000} {
		benchBulkInvite(b, m)
	}
}

// bulkInviter invites members through the SDK.
type bulkInviter func(ctx context.Context, svc *users.Astra, members []users.Member) error

func benchBulkInvite(b *testing.B, m int) {
	// spec: a benchmark; checking every exchange would measure the validator.
	fake, err := fakeserver.New()
	if err != nil {
		b.Fatal(err)
	}
	defer fake.Close()
	seedAstraUsers(b, fake, m-1) // and the fixture's administrator: m users
	snap := fake.Snapshot()

	members := make([]users.Member, bulkInvited)
	for i := range members {
		members[i] = users.Member{Email: fmt.Sprintf("invitee%d@example.com", i), Roles: []string{roles.ReadOnlyUser}}
	}
	ways := []struct {
		name   string
		n      int // users invited per run
		invite bulkInviter
	}{
		{"invite-loop", loopInvited, func(ctx context.Context, svc *users.Astra, members []users.Member) error {
			for _, mb := range members {
				if _, err := svc.Invite(ctx, mb.Email, mb.Roles...); err != nil {
					return err
				}
			}
			return nil
		}},
		{"invite-many", bulkInvited, func(ctx context.Context, svc *users.Astra, members []users.Member) error {
			got, err := svc.InviteMany(ctx, members)
			if err == nil && len(got) != len(members) {
				err = fmt.Errorf("%d users read back; want %d", len(got), len(members))
			}
			return err
		}},
		{"sync-access", bulkInvited, func(ctx context.Context, svc *users.Astra, members []users.Member) error {
			res, err := svc.SyncAccess(ctx, users.Access{Members: members})
			if err == nil && len(res.Users) != len(members) {
				err = fmt.Errorf("%d users read back; want %d", len(res.Users), len(members))
			}
			return err
		}},
	}
	for _, way := range ways {
		b.Run(fmt.Sprintf("m=%d/%s", m, way.name), func(b *testing.B) {
			counter := &wireCounter{next: fake.Transport()}
			c, err := client.New(
				client.WithBaseURL(fake.URL()),
				client.WithHTTPClient(&http.Client{Transport: counter}),
				client.WithBearerToken(fake.Credentials().AstraToken),
				client.WithOrgID(fake.Credentials().OrgID),
			)
			if err != nil {
				b.Fatal(err)
			}
			svc := users.NewAstra(c)
			ctx := context.Background()
			var runs int64
			b.ResetTimer()
			for b.Loop() {
				b.StopTimer()
				if err := fake.Restore(snap); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := way.invite(ctx, svc, members[:way.n]); err != nil {
					b.Fatal(err)
				}
				runs++
			}
			invited := float64(runs * int64(way.n))
			b.ReportMetric(float64(counter.requests.Load())/invited, "req/user")
			b.ReportMetric(float64(counter.records.Load())/invited, "records/user")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/invited, "ns/user")
			b.ReportMetric(float64(way.n), "invited/op")
		})
	}
}

// wireCounter is an http.RoundTripper that counts the requests it sends
// and the users in the answers to GET /v2/organizations/users (each holds
// one "UserID" key), as the client reads them.
type wireCounter struct {
	next     http.RoundTripper
	requests atomic.Int64
	records  atomic.Int64
}

func (w *wireCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	w.requests.Add(1)
	resp, err := w.next.RoundTrip(req)
	if err == nil && req.Method == http.MethodGet && req.URL.Path == "/v2/organizations/users" {
		resp.Body = &keyCounter{ReadCloser: resp.Body, n: &w.records}
	}
	return resp, err
}

// userKey starts every user object of a users list.
const userKey = `"UserID"`

// keyCounter counts userKey in a body as it is read, matches split across
// reads included.
type keyCounter struct {
	io.ReadCloser
	n    *atomic.Int64
	tail [8]byte // the last len(userKey)-1 bytes read
	held int     // how many of tail are valid
}

func (k *keyCounter) Read(p []byte) (int, error) {
	n, err := k.ReadCloser.Read(p)
	if n > 0 {
		chunk := p[:n]
		// A match across the boundary starts in tail and ends in chunk.
		var seam [2 * 8]byte
		s := append(append(seam[:0], k.tail[:k.held]...), chunk[:min(len(chunk), len(userKey)-1)]...)
		found := bytes.Count(s, []byte(userKey)) + bytes.Count(chunk, []byte(userKey))
		k.n.Add(int64(found))
		if len(chunk) >= len(userKey)-1 {
			k.held = copy(k.tail[:], chunk[len(chunk)-(len(userKey)-1):])
		} else {
			k.held = copy(k.tail[:], s[max(0, len(s)-(len(userKey)-1)):])
		}
	}
	return n, err
}
