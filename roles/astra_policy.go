package roles

import "slices"

// Allow returns a policy that allows actions on resources, the only effect
// the API knows. The slices are copied. Set Description on the result if
// the role should carry one.
//
//	def := roles.Definition{
//		Name:   "Langflow builders",
//		Policy: roles.Allow([]roles.Action{roles.ActionLangflowIDEBuild}, roles.OrgResource(orgID)),
//	}
func Allow(actions []Action, resources ...string) Policy {
	return Policy{
		Effect:    EffectAllow,
		Actions:   slices.Clone(actions),
		Resources: slices.Clone(resources),
	}
}
