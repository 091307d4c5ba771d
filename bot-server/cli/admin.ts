import { parseArgs } from 'node:util';
import { isAppError } from '../../shared/errors.ts';
import { normalizeMobile } from '../../shared/phone.ts';
import type { Config } from '../config.ts';
import type { DbHandle } from '../db/client.ts';
import { MemberService } from '../members/member.service.ts';
import { RolesService } from '../members/roles.service.ts';
import { withDatabase } from './with-database.ts';

const USAGE = `Usage:
  npm run admin -- grant <lineUserId | mobile>    make a member an admin of the console
  npm run admin -- revoke <lineUserId | mobile>   take the admin role away
  npm run admin -- list                           list admins and staff`;

function main(): number {
  const { positionals } = parseArgs({ allowPositionals: true, args: process.argv.slice(2) });
  const [command, who] = positionals;
  return withDatabase((handle, config) => {
    try {
      return run(handle, config, command, who);
    } catch (error) {
      if (isAppError(error)) {
        console.error(error.messages.en);
        return 1;
      }
      throw error;
    }
  });
}

function run(handle: DbHandle, config: Config, command: string | undefined, who: string | undefined): number {
  const roles = new RolesService(handle.db);
  const members = new MemberService(handle.db, config.adminLineUserIds);
  if (command === 'list') {
    for (const m of members.listRoleHolders()) {
      const r = members.rolesOf(m);
      console.log(`${m.id}\t${m.lineUserId}\t${m.name ?? m.displayName}\t${r.isAdmin ? 'admin' : ''}\t${r.staffStores.map((s) => s.name).join(', ')}`);
    }
    return 0;
  }
  if ((command === 'grant' || command === 'revoke') && who) {
    let key = who.trim();
    if (!/^U[0-9a-f]{32}$/.test(key)) {
      const mobile = normalizeMobile(key);
      if (!mobile.ok) {
        console.error(`"${who}" is neither a LINE user id (U + 32 hex digits) nor a mobile number.`);
        return 2;
      }
      key = mobile.e164;
    }
    const member = roles.grantAdminFromCli(key, command === 'grant');
    console.log(`${command === 'grant' ? 'Granted' : 'Revoked'} admin: member ${member.id} (${member.name ?? (member.displayName || member.lineUserId)})`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

process.exitCode = main();
