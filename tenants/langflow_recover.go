package tenants

import (
	"context"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit/internal/sdkerr"
)

// CreatedSince returns the tenants of the client's organization that a
// [Langflow.Create] of req sent at since could have made: those in req's
// cloud provider and region (compared case-insensitively) created at or
// after since, oldest first. One list request, read one tenant at a time.
//
// It is how a caller recovers from a Create whose outcome is unknown
// (client.ErrOutcomeUnknown). The API takes no idempotency key and a tenant
// has no name, so what identifies the tenant just created is where it is
// and when it appeared:
//
//	start := time.Now().Add(-time.Minute) // allow for the API's clock being behind
//	t, err := lf.Create(ctx, req)
//	if errors.Is(err, client.ErrOutcomeUnknown) {
//		found, err := lf.CreatedSince(ctx, req, start)
//		// none: not created, Create again; one: it is t
//	}
//
// created_at is the API's clock, so take since a little before the call,
// by as much as the two clocks may differ. A tenant whose created_at cannot
// be read is returned too, since it cannot be ruled out; so is one another
// client created in the same place meanwhile. More than one answer means
// the time alone cannot tell which is yours: listing the tenants before
// Create, and looking for the ID not seen then, needs no clock at all.
func (l *Langflow) CreatedSince(ctx context.Context, req LangflowCreateRequest, since time.Time) ([]LangflowTenant, error) {
	const op = "tenants.Langflow.CreatedSince"
	out := []LangflowTenant{}
	for t, err := range l.All(ctx) {
		if err != nil {
			return nil, sdkerr.Op(op, err)
		}
		if !strings.EqualFold(t.CloudProvider, req.CloudProvider) || !strings.EqualFold(t.Region, req.Region) {
			continue
		}
		if created := t.CreatedTime(); created.IsZero() || !created.Before(since) {
			out = append(out, t)
		}
	}
	return out, nil
}
