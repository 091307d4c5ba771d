import './points.css';
import { addStrings } from '../../i18n/index.ts';
import { pointsConsoleStrings } from './strings.ts';

// Before any page renders (the console nav uses these labels too).
addStrings(pointsConsoleStrings);

export { MemberPointsPage } from './MemberPointsPage.tsx';
export { PointsReportPage } from './PointsReportPage.tsx';
export { PointsSettingsPage } from './PointsSettingsPage.tsx';
