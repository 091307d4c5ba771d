import './missions.css';
import { addStrings } from '../../i18n/index.ts';
import { missionConsoleStrings } from './strings.ts';

// Before any page renders (the console nav uses these labels too).
addStrings(missionConsoleStrings);

export { MissionsPage } from './MissionsPage.tsx';
