import './referrals.css';
import { addStrings } from '../../i18n/index.ts';
import { referralConsoleStrings } from './strings.ts';

// Before any page renders (the console nav uses these labels too).
addStrings(referralConsoleStrings);

export { ReferralReportPage } from './ReferralReportPage.tsx';
export { ReferralSettingsPage } from './ReferralSettingsPage.tsx';
