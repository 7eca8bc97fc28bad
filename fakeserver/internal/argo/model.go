package argo

// The fake's own ARGO wire and record types. Request bodies decode with
// encoding/json into types whose field types match the real server's model
// (app/tenants/model.go), so the same bodies are accepted and the same JSON
// type mismatches ("port":"abc", "roles":"admin", "id":5) are a 400.

// Info is a tenant's "info" object, as sent and as stored.
type Info struct {
	Name        string `json:"name"`
	Email       string `json:"email"`
	Description string `json:"description"`
	Image       string `json:"image"`
	Website     string `json:"website"`
	Created     string `json:"created"`
	Updated     string `json:"updated"`
}

// DBConf is one element of a tenant's "db_conf" array.
type DBConf struct {
	Store    string `json:"store"`
	Server   string `json:"server"`
	Port     int    `json:"port"`
	Database string `json:"database"`
	Username string `json:"username"`
	Password string `json:"password"`
}

// Topology is a tenant's "topology" object.
type Topology struct {
	Type string `json:"type"`
	Feed string `json:"feed"`
}

// UserBody is a tenant user as a request body carries it. id is
// accepted (and must be a string) but never used.
type UserBody struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Email  string   `json:"email"`
	APIKey string   `json:"api_key"`
	Roles  []string `json:"roles"`
}

// TenantBody is a tenant as POST and PUT /tenants bodies carry it. The
// real model has no "status" member, so a status in a tenant body is
// ignored like any unknown member.
type TenantBody struct {
	ID       string     `json:"id"`
	Info     Info       `json:"info"`
	DBConf   []DBConf   `json:"db_conf"`
	Topology Topology   `json:"topology"`
	Users    []UserBody `json:"users"`
}

// AMSNode is one of the AMS status blocks.
type AMSNode struct {
	Ingestion       bool  `json:"ingestion"`
	Publishing      bool  `json:"publishing"`
	StatusStreaming bool  `json:"status_streaming"`
	MessagesArrived int64 `json:"messages_arrived"`
}

// HDFSSync is the HDFS sync status of one report.
type HDFSSync struct {
	AggregationProfile   bool `json:"aggregation_profile"`
	BlankRecomputation   bool `json:"blank_recomputation"`
	ConfigurationProfile bool `json:"configuration_profile"`
	Downtimes            bool `json:"downtimes"`
	GroupEndpoints       bool `json:"group_endpoints"`
	GroupGroups          bool `json:"group_groups"`
	MetricProfile        bool `json:"metric_profile"`
	OperationsProfile    bool `json:"operations_profile"`
	Weights              bool `json:"weights"`
}

func (h HDFSSync) all() bool {
	return h.AggregationProfile && h.BlankRecomputation && h.ConfigurationProfile && h.Downtimes &&
		h.GroupEndpoints && h.GroupGroups && h.MetricProfile && h.OperationsProfile && h.Weights
}

// Status is a tenant's engine status, as PUT .../status sends it and as
// stored. TotalStatus is decoded only so that a non-boolean is a 400 as in
// the real server; it is never stored but computed on read.
type Status struct {
	TotalStatus bool `json:"total_status"`
	AMS         struct {
		MetricData AMSNode `json:"metric_data"`
		SyncData   AMSNode `json:"sync_data"`
	} `json:"ams"`
	HDFS struct {
		MetricData bool `json:"metric_data"`
		// SyncData is never changed once stored; a new status replaces it.
		SyncData map[string]HDFSSync `json:"sync_data,omitempty"`
	} `json:"hdfs"`
	EngineConfig bool   `json:"engine_config"`
	LastCheck    string `json:"last_check"`
}

// total is the real server's calcTotalStatus.
func (st *Status) total() bool {
	a := st.AMS
	if !st.EngineConfig || !a.MetricData.Ingestion || !a.MetricData.Publishing || !a.MetricData.StatusStreaming ||
		!a.SyncData.Ingestion || !a.SyncData.Publishing || !a.SyncData.StatusStreaming || !st.HDFS.MetricData {
		return false
	}
	for _, s := range st.HDFS.SyncData {
		if !s.all() {
			return false
		}
	}
	return true
}

// tenantUser is a stored tenant user. It is immutable once stored: a change
// stores a new value, so readers may use it after the store lock is gone.
type tenantUser struct {
	tenant *tenant // the owner, for tenant-scoped lookups by user ID
	id     string
	name   string
	email  string
	apiKey string
	roles  []string // shared between users (interned); never modified
}

// newTenantUser packs the user's strings into one allocation.
func newTenantUser(t *tenant, id, name, email, apiKey string, roles []string) *tenantUser {
	buf := id + name + email + apiKey
	u := &tenantUser{tenant: t, roles: roles}
	u.id, buf = buf[:len(id)], buf[len(id):]
	u.name, buf = buf[:len(name)], buf[len(name):]
	u.email, u.apiKey = buf[:len(email)], buf[len(email):]
	return u
}

// tenantDoc is what GET /tenants shows of a tenant. A stored one is
// never changed: a write stores a changed copy (tenant.edit), so
// readers keep documents, not copies of them, and a list of a million
// tenants is a million pointers.
type tenantDoc struct {
	id       string
	info     Info
	dbConf   []DBConf
	topology Topology
	// users keeps the difference between nil (no users ever given: GET
	// .../users says "data": null) and empty (all removed, or "users": []
	// sent: "data": []), as the real server's MongoDB documents do. Its
	// elements are never overwritten: a write builds a new slice, except
	// that a user may be appended past the end, which no reader of an
	// older document looks at.
	users []*tenantUser
}

// tenant is a stored tenant: its current document, its engine status
// and its place in the list. A view (a copy taken under the store lock,
// rendered without it) shares the document.
type tenant struct {
	*tenantDoc
	status Status

	prev, next *tenant // insertion order, the order of GET /tenants
}

// edit stores a copy of t's document changed by change. Writers only,
// under the store lock.
func (t *tenant) edit(change func(d *tenantDoc)) {
	d := *t.tenantDoc
	change(&d)
	t.tenantDoc = &d
}
