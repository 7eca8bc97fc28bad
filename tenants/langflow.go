package tenants

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/sdkerr"
)

// Path prefixes of the Langflow endpoints. The DataStax docs write the
// endpoint headings as /api/v1/… and every curl example as /v1/…; which one
// the API serves is not publicly confirmed, so the prefix is an option.
const (
	// DefaultLangflowPathPrefix is the form of the docs' curl examples.
	DefaultLangflowPathPrefix = "/v1"
	// LangflowAPIPathPrefix is the form of the docs' endpoint headings.
	LangflowAPIPathPrefix = "/api/v1"
)

// Defaults of WaitActive's polling (see WithLangflowPollInterval).
const (
	// DefaultLangflowPollInterval is the wait after the first poll.
	DefaultLangflowPollInterval = time.Second
	// DefaultLangflowMaxPollInterval caps the doubling waits.
	DefaultLangflowMaxPollInterval = 15 * time.Second
)

// Langflow manages the Langflow tenants of an Astra organization: each
// tenant is one Langflow deployment with its own URL. The organization is
// the client's (client.WithOrgID): the Langflow endpoints need it in the
// path and in the X-DataStax-Current-Org header, and every method fails
// before sending anything when the client has none. The token's roles must
// grant the Langflow permissions (Langflow Administrator or Organization
// Administrator). A Langflow is safe for concurrent use.
type Langflow struct {
	c         *client.Client
	prefix    string
	pollFirst time.Duration
	pollMax   time.Duration
	err       error // an invalid option: every method reports it
}

// LangflowOption configures a Langflow service, as client.Option configures
// a client: an option given an invalid value returns an error, and
// NewLangflow reports it.
type LangflowOption func(*Langflow) error

// WithLangflowPathPrefix sets the path prefix of the Langflow endpoints:
// DefaultLangflowPathPrefix ("/v1", the default), LangflowAPIPathPrefix
// ("/api/v1"), or the path a proxy serves them under. A missing leading
// slash is added, and surrounding spaces and a trailing slash dropped. An
// empty prefix, or one holding '?', '#' or a space, is an error.
func WithLangflowPathPrefix(prefix string) LangflowOption {
	return func(l *Langflow) error {
		p := strings.TrimRight(strings.TrimSpace(prefix), "/")
		if p == "" || strings.ContainsAny(p, "?# \t\r\n") {
			return fmt.Errorf("WithLangflowPathPrefix(%q): want a path such as %q or %q", prefix, DefaultLangflowPathPrefix, LangflowAPIPathPrefix)
		}
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		l.prefix = p
		return nil
	}
}

// WithLangflowPollInterval sets how WaitActive and Watch poll: first is the
// wait after the first read, and each following wait doubles, up to max
// (the defaults are DefaultLangflowPollInterval and
// DefaultLangflowMaxPollInterval). Both must be positive and max at least
// first.
func WithLangflowPollInterval(first, max time.Duration) LangflowOption {
	return func(l *Langflow) error {
		if first <= 0 || max < first {
			return fmt.Errorf("WithLangflowPollInterval(%v, %v): want 0 < first <= max", first, max)
		}
		l.pollFirst, l.pollMax = first, max
		return nil
	}
}

// NewLangflow returns the Langflow tenant service of c, configured by opts.
// It does no I/O and never fails: like a service built without a client,
// one built with an invalid option reports it, naming the option, from
// every method, before anything is sent.
func NewLangflow(c *client.Client, opts ...LangflowOption) *Langflow {
	l := &Langflow{
		c:         c,
		prefix:    DefaultLangflowPathPrefix,
		pollFirst: DefaultLangflowPollInterval,
		pollMax:   DefaultLangflowMaxPollInterval,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(l); err != nil && l.err == nil {
			l.err = fmt.Errorf("tenants.NewLangflow: %w", err)
		}
	}
	return l
}

// org returns the client's organization ID, or an error naming op when the
// service cannot send a request.
func (l *Langflow) org(op string) (string, error) {
	if l == nil || l.c == nil {
		return "", sdkerr.Op(op, errors.New("no client (use tenants.NewLangflow with a *client.Client)"))
	}
	if l.err != nil {
		return "", sdkerr.Op(op, l.err)
	}
	org := l.c.OrgID()
	if org == "" {
		return "", sdkerr.Op(op, errors.New("the client has no organization ID: set it with client.WithOrgID "+
			"(the Langflow endpoints need it in the path and the X-DataStax-Current-Org header)"))
	}
	return org, nil
}

func (l *Langflow) orgPath(org string) string { return l.prefix + "/orgs/" + url.PathEscape(org) }

// tenantPath returns the path of tenant id, or an error naming op when the
// service cannot send a request (see org) or id is empty.
func (l *Langflow) tenantPath(op, id string) (string, error) {
	org, err := l.org(op)
	if err != nil {
		return "", err
	}
	if id == "" {
		return "", sdkerr.Op(op, errors.New("empty tenant ID"))
	}
	return l.orgPath(org) + "/tenant/" + url.PathEscape(id), nil
}

// Get returns the tenant with the given ID, with its current status. An
// unknown ID is an error matching client.ErrNotFound.
//
//tenantkit:operation getLangflowTenant
func (l *Langflow) Get(ctx context.Context, id string) (LangflowTenant, error) {
	const op = "tenants.Langflow.Get"
	path, err := l.tenantPath(op, id)
	if err != nil {
		return LangflowTenant{}, err
	}
	var body langflowTenantBody
	if _, err := l.c.Do(ctx, client.Request{
		Operation: tenantkit.OpGetLangflowTenant,
		Method:    http.MethodGet,
		Path:      path,
	}, &body); err != nil {
		return LangflowTenant{}, err
	}
	t, err := body.tenant()
	if err != nil {
		return LangflowTenant{}, sdkerr.Op(op, err)
	}
	if t.ID == "" {
		t.ID = id // the answer is this tenant, whatever it calls its ID
	}
	return t, nil
}

// List returns every Langflow tenant of the organization, oldest first.
// The API does not paginate: this is one request, sent again if its answer
// breaks off (client.CollectFunc).
//
//tenantkit:operation listLangflowTenants
func (l *Langflow) List(ctx context.Context) ([]LangflowTenant, error) {
	org, err := l.org("tenants.Langflow.List")
	if err != nil {
		return nil, err
	}
	return client.CollectFunc(ctx, l.c, l.listRequest(org), decodeLangflowTenants)
}

// All streams the Langflow tenants of the organization. The list is
// decided to be a top-level JSON array, which is decoded one tenant at a
// time; a wrapper object holding the array under "tenants", "data" or
// "items" is accepted too. An error is yielded once and ends the sequence;
// stopping early closes the response.
func (l *Langflow) All(ctx context.Context) iter.Seq2[LangflowTenant, error] {
	const op = "tenants.Langflow.All"
	return func(yield func(LangflowTenant, error) bool) {
		org, err := l.org(op)
		if err != nil {
			yield(LangflowTenant{}, err)
			return
		}
		body, _, err := l.c.Stream(ctx, l.listRequest(org))
		if err != nil {
			yield(LangflowTenant{}, err)
			return
		}
		defer body.Close()
		for t, err := range decodeLangflowTenants(body) {
			if err != nil {
				yield(LangflowTenant{}, sdkerr.Op(op, err))
				return
			}
			if !yield(t, nil) {
				return
			}
		}
	}
}

func (l *Langflow) listRequest(org string) client.Request {
	return client.Request{
		Operation: tenantkit.OpListLangflowTenants,
		Method:    http.MethodGet,
		Path:      l.orgPath(org) + "/tenants",
	}
}

// Create creates a Langflow tenant in the client's organization and
// returns it as the API answered, usually in status "created":
// provisioning takes a while, so follow it with WaitActive. Only
// CloudProvider ("aws", "gcp" or "azure") and Region (such as "us-west-2")
// need to be set; OrgID defaults to the client's organization, and one that
// differs from it is an error before anything is sent (the API requires
// them to match).
//
// Create is a POST and is never retried after an ambiguous failure (the
// tenant may have been created): such an error matches
// client.ErrOutcomeUnknown, and CreatedSince finds the tenant if it was
// created. Tenants cannot be deleted through the API.
//
//tenantkit:operation createLangflowTenant
func (l *Langflow) Create(ctx context.Context, req LangflowCreateRequest) (LangflowTenant, error) {
	const op = "tenants.Langflow.Create"
	org, err := l.org(op)
	if err != nil {
		return LangflowTenant{}, err
	}
	switch {
	case req.OrgID != "" && req.OrgID != org:
		return LangflowTenant{}, sdkerr.Op(op, fmt.Errorf("OrgID %q is not the client's organization %q", req.OrgID, org))
	case req.CloudProvider == "":
		return LangflowTenant{}, sdkerr.Op(op, errors.New("empty CloudProvider (aws, gcp or azure)"))
	case req.Region == "":
		return LangflowTenant{}, sdkerr.Op(op, errors.New("empty Region"))
	}
	req.OrgID = org
	var body langflowTenantBody
	if _, err := l.c.Do(ctx, client.Request{
		Operation: tenantkit.OpCreateLangflowTenant,
		Method:    http.MethodPost,
		Path:      l.prefix + "/tenant",
		Body:      req,
	}, &body); err != nil {
		return LangflowTenant{}, err
	}
	t, err := body.tenant()
	if err == nil && t.ID == "" {
		err = errors.New("the response carries no tenant ID")
	}
	if err != nil {
		err = fmt.Errorf("%w (%w)", err, client.ErrOutcomeUnknown)
		return LangflowTenant{}, sdkerr.While(op, "the tenant may have been created (see List)", err)
	}
	return t, nil
}

// Reactivate asks the API to bring a deactivated tenant back (it then
// reports "reactivating" until it is active; follow with WaitActive) and
// returns the tenant. Reactivating a tenant that is not deactivated changes
// nothing, so the call is idempotent and retried like a PUT. A failed or
// terminated tenant cannot be reactivated: client.ErrConflict.
//
// The API is decided to answer 200 with the tenant; when it answers 202 or
// 204, or without the tenant, Reactivate reads it with Get (one more
// request).
//
//tenantkit:operation reactivateLangflowTenant
func (l *Langflow) Reactivate(ctx context.Context, id string) (LangflowTenant, error) {
	const op = "tenants.Langflow.Reactivate"
	path, err := l.tenantPath(op, id)
	if err != nil {
		return LangflowTenant{}, err
	}
	var body langflowTenantBody
	resp, err := l.c.Do(ctx, client.Request{
		Operation: tenantkit.OpReactivateLangflowTenant,
		Method:    http.MethodPatch,
		Path:      path + "/reactivate",
	}, &body)
	if err != nil {
		return LangflowTenant{}, err
	}
	if resp.StatusCode == http.StatusOK {
		if t, err := body.tenant(); err == nil && t.ID != "" {
			return t, nil
		}
	}
	t, err := l.Get(ctx, id)
	if err != nil {
		return LangflowTenant{}, sdkerr.While(op, "reactivation was accepted but reading the tenant failed", err)
	}
	return t, nil
}
