import { auditProduction, scanElectron } from './securityChecks'

const electronOk = scanElectron()
const auditOk = auditProduction()
if (!electronOk || !auditOk) {
  console.error('security checks failed')
  process.exit(1)
}
