import { ForgotPasswordPage } from '../../_components/forgot-password-page';

export const dynamic = 'force-dynamic';

/** CP-2 (004): "Forgot password?" for the Corporate Billing Portal user ID. */
export default function PortalForgotPassword() {
  return <ForgotPasswordPage realm="portal" />;
}
