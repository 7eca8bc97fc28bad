package users

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/tenantkit/tenantkit"
	"github.com/tenantkit/tenantkit/client"
	"github.com/tenantkit/tenantkit/internal/argowire"
)

// ByID finds a user by ID across all tenants and returns it, API key
// included (to every admin flavour allowed to call it, restricted and UI
// keys too under the server's default role table). The server answers with
// its envelope; [Argo.ByIDFlat] asks for the bare user instead. An unknown
// ID is an error matching [client.ErrNotFound].
//
//tenantkit:operation argoGetUserByID
func (s *Argo) ByID(ctx context.Context, userID string) (ArgoUser, error) {
	return s.byID(ctx, userID, nil)
}

// ByIDFlat is [Argo.ByID] with export=flat: the server answers with the
// bare user object instead of its envelope. It returns the same ArgoUser
// as ByID, from the other form of the same request.
func (s *Argo) ByIDFlat(ctx context.Context, userID string) (ArgoUser, error) {
	return s.byID(ctx, userID, url.Values{"export": {"flat"}})
}

// byID sends GET /users:byID/{ID}. Either body form is accepted whatever
// was asked for.
func (s *Argo) byID(ctx context.Context, userID string, query url.Values) (ArgoUser, error) {
	const op = tenantkit.OpArgoGetUserByID
	seg, err := argowire.Segment(op, "user", userID)
	if err != nil {
		return ArgoUser{}, err
	}
	req := client.Request{
		Operation: op,
		Method:    http.MethodGet,
		Path:      "/api/v2/admin/users:byID/" + seg,
		Query:     query,
	}
	// Both answers decode into one value: the envelope fills Status and
	// Data, the bare user the embedded ArgoUser.
	var body struct {
		Status json.RawMessage          `json:"status"`
		Data   argowire.Items[ArgoUser] `json:"data"`
		ArgoUser
	}
	resp, err := s.c.Do(ctx, req, &body)
	if err != nil {
		return ArgoUser{}, err
	}
	if body.Status == nil && body.Data == nil {
		body.Data = argowire.Items[ArgoUser]{body.ArgoUser} // the flat form
	}
	if u, ok := argowire.Pick(body.Data, userID, argoUserID); ok {
		return u, nil
	}
	return ArgoUser{}, argowire.NoData(req, resp.StatusCode, "user "+userID)
}
