// Runs before every `npm run` entry that starts TypeScript directly (start, dev, dispatcher,
// db:migrate, admin, apikey, bench, test): an older Node would otherwise die with
// ERR_UNKNOWN_FILE_EXTENSION ".ts", or (24.0/24.1) exit silently because import.meta.main is
// missing. Plain JavaScript that any Node since 12 can parse, so it can say what is wrong.
//
// Needed: type stripping on by default and import.meta.main, i.e. Node 24.2+ (24 LTS), or
// 22.18+ on the 22 line.

var parts = process.versions.node.split('.');
var major = Number(parts[0]);
var minor = Number(parts[1]);
var versionOk = (major === 22 && minor >= 18) || (major === 24 && minor >= 2) || major >= 25;
// `node --no-experimental-strip-types` turns the type stripping off even on a new Node.
var features = process.features || {};
var stripsTypes = !('typescript' in features) || Boolean(features.typescript);

if (!versionOk || !stripsTypes) {
  var why = versionOk ? 'type stripping is turned off (--no-experimental-strip-types)' : 'this is Node ' + process.version + ' (' + process.execPath + ')';
  process.stderr.write(
    'This project needs Node.js 24 LTS (24.2 or later; 22.18+ also works), and ' + why + ': install it from https://nodejs.org/en/download or with `nvm install 24 && nvm use 24`, then run the command again.\n',
  );
  process.exit(1);
}
