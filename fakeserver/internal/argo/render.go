package argo

// Rendering of ARGO records in the real server's JSON: members in its model's
// order, db_conf and users left out when empty, roles left out when empty,
// hdfs.sync_data left out when empty and its keys sorted. Each function
// writes one value whose closing bracket sits at the given depth.

import (
	"sort"

	"github.com/tenantkit/tenantkit/fakeserver/internal/wire"
)

func appendInfo(b []byte, in *Info, depth int) []byte {
	b, o := wire.Indented.OpenObject(b, depth)
	b = o.String(b, "name", in.Name)
	b = o.String(b, "email", in.Email)
	b = o.String(b, "description", in.Description)
	b = o.String(b, "image", in.Image)
	b = o.String(b, "website", in.Website)
	b = o.String(b, "created", in.Created)
	b = o.String(b, "updated", in.Updated)
	return o.Close(b)
}

func appendUser(b []byte, u *tenantUser, depth int) []byte {
	b, o := wire.Indented.OpenObject(b, depth)
	b = o.String(b, "id", u.id)
	b = o.String(b, "name", u.name)
	b = o.String(b, "email", u.email)
	b = o.String(b, "api_key", u.apiKey)
	if len(u.roles) > 0 {
		var a wire.Array
		b, a = wire.Indented.OpenArray(o.Key(b, "roles"), depth+1)
		for _, r := range u.roles {
			b = wire.Indented.AppendString(a.Next(b), r)
		}
		b = a.Close(b)
	}
	return o.Close(b)
}

// appendUsers writes a users array; nil is written as null.
func appendUsers(b []byte, users []*tenantUser, depth int) []byte {
	return appendUsersFlushing(b, users, depth, func(b []byte) []byte { return b })
}

// appendUsersFlushing is appendUsers calling flush after each user
// (see replyStream).
func appendUsersFlushing(b []byte, users []*tenantUser, depth int, flush func([]byte) []byte) []byte {
	if users == nil {
		return append(b, "null"...)
	}
	b, a := wire.Indented.OpenArray(b, depth)
	for _, u := range users {
		b = flush(appendUser(a.Next(b), u, depth+1))
	}
	return a.Close(b)
}

func appendTenant(b []byte, t *tenantDoc, depth int) []byte {
	b, o := wire.Indented.OpenObject(b, depth)
	b = o.String(b, "id", t.id)
	b = appendInfo(o.Key(b, "info"), &t.info, depth+1)
	if len(t.dbConf) > 0 {
		var a wire.Array
		b, a = wire.Indented.OpenArray(o.Key(b, "db_conf"), depth+1)
		for i := range t.dbConf {
			c := &t.dbConf[i]
			var co wire.Object
			b, co = wire.Indented.OpenObject(a.Next(b), depth+2)
			b = co.String(b, "store", c.Store)
			b = co.String(b, "server", c.Server)
			b = co.Int(b, "port", int64(c.Port))
			b = co.String(b, "database", c.Database)
			b = co.String(b, "username", c.Username)
			b = co.String(b, "password", c.Password)
			b = co.Close(b)
		}
		b = a.Close(b)
	}
	b = o.Key(b, "topology")
	b, to := wire.Indented.OpenObject(b, depth+1)
	b = to.String(b, "type", t.topology.Type)
	b = to.String(b, "feed", t.topology.Feed)
	b = to.Close(b)
	if len(t.users) > 0 {
		b = appendUsers(o.Key(b, "users"), t.users, depth+1)
	}
	return o.Close(b)
}

func appendAMSNode(b []byte, n *AMSNode, depth int) []byte {
	b, o := wire.Indented.OpenObject(b, depth)
	b = o.Bool(b, "ingestion", n.Ingestion)
	b = o.Bool(b, "publishing", n.Publishing)
	b = o.Bool(b, "status_streaming", n.StatusStreaming)
	b = o.Int(b, "messages_arrived", n.MessagesArrived)
	return o.Close(b)
}

// appendStatusItem writes the one element of GET .../status data:
// id, info and the status with total_status computed.
func appendStatusItem(b []byte, t *tenant, depth int) []byte {
	b, o := wire.Indented.OpenObject(b, depth)
	b = o.String(b, "id", t.id)
	b = appendInfo(o.Key(b, "info"), &t.info, depth+1)
	st := &t.status
	b = o.Key(b, "status")
	b, so := wire.Indented.OpenObject(b, depth+1)
	b = so.Bool(b, "total_status", st.total())
	b = so.Key(b, "ams")
	b, ao := wire.Indented.OpenObject(b, depth+2)
	b = appendAMSNode(ao.Key(b, "metric_data"), &st.AMS.MetricData, depth+3)
	b = appendAMSNode(ao.Key(b, "sync_data"), &st.AMS.SyncData, depth+3)
	b = ao.Close(b)
	b = so.Key(b, "hdfs")
	b, ho := wire.Indented.OpenObject(b, depth+2)
	b = ho.Bool(b, "metric_data", st.HDFS.MetricData)
	if len(st.HDFS.SyncData) > 0 {
		names := make([]string, 0, len(st.HDFS.SyncData))
		for n := range st.HDFS.SyncData {
			names = append(names, n)
		}
		sort.Strings(names)
		var mo wire.Object
		b, mo = wire.Indented.OpenObject(ho.Key(b, "sync_data"), depth+3)
		for _, n := range names {
			r := st.HDFS.SyncData[n]
			b = mo.MapKey(b, n)
			var ro wire.Object
			b, ro = wire.Indented.OpenObject(b, depth+4)
			b = ro.Bool(b, "aggregation_profile", r.AggregationProfile)
			b = ro.Bool(b, "blank_recomputation", r.BlankRecomputation)
			b = ro.Bool(b, "configuration_profile", r.ConfigurationProfile)
			b = ro.Bool(b, "downtimes", r.Downtimes)
			b = ro.Bool(b, "group_endpoints", r.GroupEndpoints)
			b = ro.Bool(b, "group_groups", r.GroupGroups)
			b = ro.Bool(b, "metric_profile", r.MetricProfile)
			b = ro.Bool(b, "operations_profile", r.OperationsProfile)
			b = ro.Bool(b, "weights", r.Weights)
			b = ro.Close(b)
		}
		b = mo.Close(b)
	}
	b = ho.Close(b)
	b = so.Bool(b, "engine_config", st.EngineConfig)
	b = so.String(b, "last_check", st.LastCheck)
	b = so.Close(b)
	return o.Close(b)
}
