import { Router } from 'express';
import { api } from '../../shared/api/routes.ts';
import type { Lang } from '../../shared/i18n/localized.ts';
import { requireAdmin, requireMember } from '../auth/policies.ts';
import { preferredLang } from '../http/errors.middleware.ts';
import { presentMe, presentMemberDetail, presentMemberSummary } from '../http/presenters.ts';
import { bind, requireIdParam } from '../http/route.ts';
import type { MemberService } from './member.service.ts';
import type { RolesService } from './roles.service.ts';

export function createMemberRouter(deps: { members: MemberService; roles: RolesService }): Router {
  const { members } = deps;
  const router = Router();
  const me = (memberId: number, lang?: Lang) => {
    const member = members.get(memberId);
    return presentMe(member, members.rolesOf(member, lang));
  };

  bind(router, api.getMe, ({ actor, req }) => me(requireMember(actor).memberId, preferredLang(req)));

  bind(router, api.register, ({ actor, input }) => {
    const member = requireMember(actor);
    members.register(member.memberId, { name: input.name, mobile: input.mobile, birthday: input.birthday, marketingOptIn: input.marketingOptIn, code: input.code });
    return me(member.memberId);
  });

  bind(router, api.updateProfile, ({ actor, input }) => {
    const member = requireMember(actor);
    members.updateProfile(member.memberId, input);
    return me(member.memberId);
  });

  bind(router, api.confirmMobile, ({ actor, input }) => {
    const member = requireMember(actor);
    members.confirmMobile(member.memberId, input.mobile, input.code);
    return me(member.memberId);
  });

  bind(router, api.consoleSearchMembers, ({ actor, input }) => {
    requireAdmin(actor);
    const { rows, total } = members.search(input);
    return { items: rows.map(presentMemberSummary), total, page: input.page, pageSize: input.pageSize };
  });

  bind(router, api.consoleGetMember, ({ actor, params }) => {
    requireAdmin(actor);
    const id = requireIdParam(params);
    const member = members.get(id);
    return presentMemberDetail(member, members.rolesOf(member));
  });

  bind(router, api.consoleSetRoles, ({ actor, input, params }) => {
    const id = requireIdParam(params);
    deps.roles.setRoles(actor, id, input);
    const member = members.get(id);
    return presentMemberDetail(member, members.rolesOf(member));
  });

  bind(router, api.consoleListStaff, ({ actor }) => {
    requireAdmin(actor);
    return { items: members.listRoleHolders().map((m) => ({ ...presentMemberSummary(m), roles: members.rolesOf(m) })) };
  });

  return router;
}
