# This service's own state key, in the platform's state bucket (see infra/README.md).
terraform {
  backend "s3" {
    bucket         = "pier-platform-terraform-state-prod"
    key            = "services/${{ values.name }}/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "pier-platform-terraform-locks"
    encrypt        = true
  }
}
