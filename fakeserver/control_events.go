package fakeserver

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// The control API's endpoints for the server-side events and the clock.

// eventJSON holds the arguments of every event, as a Remote sends them;
// each endpoint reads only its own (the types below), so another is an
// unknown field.
type eventJSON struct {
	OrgID    string `json:"orgId,omitempty"`
	Email    string `json:"email,omitempty"`
	TenantID string `json:"tenantId,omitempty"`
	Status   string `json:"status,omitempty"`
}

// require answers 400 naming the first missing field.
func require(w http.ResponseWriter, fields ...[2]string) bool {
	for _, f := range fields {
		if f[1] == "" {
			badRequest(w, fmt.Errorf("%s is required", f[0]))
			return false
		}
	}
	return true
}

// invitationEventJSON, tenantEventJSON and tenantStatusEventJSON are the
// bodies the event endpoints take.
type (
	invitationEventJSON struct {
		OrgID string `json:"orgId"`
		Email string `json:"email"`
	}
	tenantEventJSON struct {
		TenantID string `json:"tenantId"`
	}
	tenantStatusEventJSON struct {
		TenantID string `json:"tenantId"`
		Status   string `json:"status"`
	}
)

func (c *control) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	var e invitationEventJSON
	if !readControlJSON(w, r, &e) || !require(w, [2]string{"orgId", e.OrgID}, [2]string{"email", e.Email}) {
		return
	}
	c.answerEvent(w, c.s.AcceptInvitation(e.OrgID, e.Email))
}

func (c *control) tenantEvent(event func(tenantID string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var e tenantEventJSON
		if !readControlJSON(w, r, &e) || !require(w, [2]string{"tenantId", e.TenantID}) {
			return
		}
		c.answerEvent(w, event(e.TenantID))
	}
}

func (c *control) setLangflowTenantStatus(w http.ResponseWriter, r *http.Request) {
	var e tenantStatusEventJSON
	if !readControlJSON(w, r, &e) || !require(w, [2]string{"tenantId", e.TenantID}, [2]string{"status", e.Status}) {
		return
	}
	c.answerEvent(w, c.s.SetLangflowTenantStatus(e.TenantID, e.Status))
}

// answerEvent answers an event's outcome: 204, or 400 with why it could
// not happen (the event changed nothing).
func (c *control) answerEvent(w http.ResponseWriter, err error) {
	if err != nil {
		badRequest(w, err)
		return
	}
	noContent(w)
}

func (c *control) clock(w http.ResponseWriter, r *http.Request) {
	writeControlJSON(w, http.StatusOK, c.s.clockState())
}

func (c *control) advanceClock(w http.ResponseWriter, r *http.Request) {
	var body struct {
		By string `json:"by"`
	}
	if !readControlJSON(w, r, &body) || !require(w, [2]string{"by", body.By}) {
		return
	}
	d, err := parseControlDuration("by", body.By)
	if err != nil {
		badRequest(w, err)
		return
	}
	c.answerClock(w, c.s.AdvanceClock(d))
}

func (c *control) setClock(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Now time.Time `json:"now"`
	}
	if !readControlJSON(w, r, &body) {
		return
	}
	if body.Now.IsZero() {
		badRequest(w, errors.New("now is required, as an RFC 3339 time such as \"2026-01-02T15:04:05Z\""))
		return
	}
	c.answerClock(w, c.s.SetClock(body.Now))
}

func (c *control) answerClock(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, errWallClock):
		writeControlError(w, http.StatusConflict, err.Error())
	case err != nil:
		badRequest(w, err)
	default:
		writeControlJSON(w, http.StatusOK, c.s.clockState())
	}
}
