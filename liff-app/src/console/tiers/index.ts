import './tiers.css';
import { addStrings } from '../../i18n/index.ts';
import { tierConsoleStrings } from './strings.ts';

// Before any page renders (the console nav uses these labels too).
addStrings(tierConsoleStrings);

export { TiersPage } from './TiersPage.tsx';
export { MemberTierCard } from './MemberTierCard.tsx';
export { TierAudienceField } from './TierAudienceField.tsx';
